import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { identityStoreContract } from '../testing/identity-store-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

identityStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-identity-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    identity: new KyselyIdentityStore(database.db),
    store: new KyselyMetadataStore(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
