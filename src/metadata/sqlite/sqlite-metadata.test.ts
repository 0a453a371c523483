import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataStoreContract } from '../testing/metadata-store-contract.js';
import { CachedMetadataStore } from '../caching/cached-metadata-store.js';
import { InProcessCacheInvalidationBus } from '../caching/in-process-cache-invalidation-bus.js';
import { ReadCache } from '../caching/read-cache.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

metadataStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-sqlite-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    store: new KyselyMetadataStore(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

// The same contract through the read cache: every write must be visible to the next read.
metadataStoreContract('sqlite behind the read cache', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-sqlite-cached-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 1000, maxManifestBytes: 64 * 1024 });
  const bus = new InProcessCacheInvalidationBus();
  return {
    store: new CachedMetadataStore(new KyselyMetadataStore(database.db), cache, bus),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
