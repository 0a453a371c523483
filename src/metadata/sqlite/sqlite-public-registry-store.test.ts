import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyPublicRegistryStore } from '../kysely-public-registry-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { publicRegistryStoreContract } from '../testing/public-registry-store-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

publicRegistryStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-public-registry-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    store: new KyselyPublicRegistryStore(database.db),
    metadata: new KyselyMetadataStore(database.db),
    catalog: new KyselyRepositoryCatalog(database.db),
    identity: new KyselyIdentityStore(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
