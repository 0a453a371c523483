// The resource policy contract on a real PostgreSQL, alone and behind the read cache.
import { after, describe } from 'node:test';
import { CachedMetadataStore } from '../caching/cached-metadata-store.js';
import { CachedRepositoryCatalog } from '../caching/cached-repository-catalog.js';
import { CachedResourcePolicyStore } from '../caching/cached-resource-policy-store.js';
import { InProcessCacheInvalidationBus } from '../caching/in-process-cache-invalidation-bus.js';
import { ReadCache } from '../caching/read-cache.js';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from '../kysely-resource-policy-store.js';
import { startPostgresServerOrSkip, suiteDatabase } from '../testing/postgres-server.js';
import { resourcePolicyStoreContract } from '../testing/resource-policy-store-contract.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  const plain = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  resourcePolicyStoreContract('postgres', async () => {
    const database = await plain();
    return {
      policies: new KyselyResourcePolicyStore(database.db),
      store: new KyselyMetadataStore(database.db),
      catalog: new KyselyRepositoryCatalog(database.db),
      identity: new KyselyIdentityStore(database.db),
      cleanup: () => database.close(),
    };
  });

  const cached = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  resourcePolicyStoreContract('postgres behind the read cache', async () => {
    const database = await cached();
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 1000, maxManifestBytes: 64 * 1024 });
    const bus = new InProcessCacheInvalidationBus();
    return {
      policies: new CachedResourcePolicyStore(new KyselyResourcePolicyStore(database.db), cache, bus),
      store: new CachedMetadataStore(new KyselyMetadataStore(database.db), cache, bus),
      catalog: new CachedRepositoryCatalog(new KyselyRepositoryCatalog(database.db), cache, bus),
      identity: new KyselyIdentityStore(database.db),
      cleanup: () => database.close(),
    };
  });
});
