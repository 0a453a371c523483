// The public registry store contract on a real PostgreSQL.
import { after, describe } from 'node:test';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyPublicRegistryStore } from '../kysely-public-registry-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { startPostgresServerOrSkip, suiteDatabase } from '../testing/postgres-server.js';
import { publicRegistryStoreContract } from '../testing/public-registry-store-contract.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  const open = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  publicRegistryStoreContract('postgres', async () => {
    const database = await open();
    return {
      store: new KyselyPublicRegistryStore(database.db),
      metadata: new KyselyMetadataStore(database.db),
      catalog: new KyselyRepositoryCatalog(database.db),
      identity: new KyselyIdentityStore(database.db),
      cleanup: () => database.close(),
    };
  });
});
