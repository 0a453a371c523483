// The permissions store contract on a real PostgreSQL.
import { after, describe } from 'node:test';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyPermissionsStore } from '../kysely-permissions-store.js';
import { permissionsStoreContract } from '../testing/permissions-store-contract.js';
import { startPostgresServerOrSkip, suiteDatabase } from '../testing/postgres-server.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  const open = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  permissionsStoreContract('postgres', async () => {
    const database = await open();
    return { identity: new KyselyIdentityStore(database.db), permissions: new KyselyPermissionsStore(database.db), cleanup: () => database.close() };
  });
});
