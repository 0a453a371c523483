import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataStoreContract } from '../testing/metadata-store-contract.js';
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
