import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachedMetadataStore } from '../caching/cached-metadata-store.js';
import { CachedRepositoryCatalog } from '../caching/cached-repository-catalog.js';
import { CachedResourcePolicyStore } from '../caching/cached-resource-policy-store.js';
import { InProcessCacheInvalidationBus } from '../caching/in-process-cache-invalidation-bus.js';
import { ReadCache } from '../caching/read-cache.js';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from '../kysely-resource-policy-store.js';
import { resourcePolicyStoreContract } from '../testing/resource-policy-store-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

async function sqliteFixture(cache?: ReadCache) {
  const dir = await mkdtemp(join(tmpdir(), 'berth-policies-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const policies = new KyselyResourcePolicyStore(database.db);
  const store = new KyselyMetadataStore(database.db);
  const catalog = new KyselyRepositoryCatalog(database.db);
  const bus = new InProcessCacheInvalidationBus();
  return {
    policies: cache ? new CachedResourcePolicyStore(policies, cache, bus) : policies,
    store: cache ? new CachedMetadataStore(store, cache, bus) : store,
    catalog: cache ? new CachedRepositoryCatalog(catalog, cache, bus) : catalog,
    identity: new KyselyIdentityStore(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

resourcePolicyStoreContract('sqlite', () => sqliteFixture());
resourcePolicyStoreContract('sqlite behind the read cache', () =>
  sqliteFixture(new ReadCache({ ttlMs: 60_000, maxEntries: 1000, maxManifestBytes: 64 * 1024 })),
);
