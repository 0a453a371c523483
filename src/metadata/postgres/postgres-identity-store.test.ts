// The identity store contract on a real PostgreSQL.
import { after, describe } from 'node:test';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { identityStoreContract } from '../testing/identity-store-contract.js';
import { startPostgresServerOrSkip, suiteDatabase } from '../testing/postgres-server.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  const open = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  identityStoreContract('postgres', async () => {
    const database = await open();
    return { identity: new KyselyIdentityStore(database.db), store: new KyselyMetadataStore(database.db), cleanup: () => database.close() };
  });
});
