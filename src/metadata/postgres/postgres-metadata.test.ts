// The metadata store contract on a real PostgreSQL (testing/postgres-server.ts), alone and behind
// the read cache; each suite on a database of its own, emptied before every test.
import { after, describe } from 'node:test';
import { CachedMetadataStore } from '../caching/cached-metadata-store.js';
import { InProcessCacheInvalidationBus } from '../caching/in-process-cache-invalidation-bus.js';
import { ReadCache } from '../caching/read-cache.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { metadataStoreContract } from '../testing/metadata-store-contract.js';
import { startPostgresServerOrSkip, suiteDatabase } from '../testing/postgres-server.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  const plain = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  metadataStoreContract('postgres', async () => {
    const database = await plain();
    return { store: new KyselyMetadataStore(database.db), cleanup: () => database.close() };
  });

  const cached = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  metadataStoreContract('postgres behind the read cache', async () => {
    const database = await cached();
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 1000, maxManifestBytes: 64 * 1024 });
    const bus = new InProcessCacheInvalidationBus();
    return { store: new CachedMetadataStore(new KyselyMetadataStore(database.db), cache, bus), cleanup: () => database.close() };
  });
});
