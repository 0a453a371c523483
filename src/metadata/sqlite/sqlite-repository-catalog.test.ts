import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachedMetadataStore } from '../caching/cached-metadata-store.js';
import { InProcessCacheInvalidationBus } from '../caching/in-process-cache-invalidation-bus.js';
import { ReadCache } from '../caching/read-cache.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { CachedRepositoryCatalog } from '../caching/cached-repository-catalog.js';
import { repositoryCatalogContract } from '../testing/repository-catalog-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

repositoryCatalogContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-catalog-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    catalog: new KyselyRepositoryCatalog(database.db),
    store: new KyselyMetadataStore(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

repositoryCatalogContract('sqlite behind the read cache', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-catalog-cached-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 1000, maxManifestBytes: 64 * 1024 });
  const bus = new InProcessCacheInvalidationBus();
  return {
    catalog: new CachedRepositoryCatalog(new KyselyRepositoryCatalog(database.db), cache, bus),
    store: new CachedMetadataStore(new KyselyMetadataStore(database.db), cache, bus),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
