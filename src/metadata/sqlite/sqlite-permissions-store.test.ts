import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyPermissionsStore } from '../kysely-permissions-store.js';
import { permissionsStoreContract } from '../testing/permissions-store-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

permissionsStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-permissions-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    identity: new KyselyIdentityStore(database.db),
    permissions: new KyselyPermissionsStore(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
