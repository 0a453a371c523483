import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { repositoryCatalogContract } from '../testing/repository-catalog-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

repositoryCatalogContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-catalog-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    catalog: new KyselyRepositoryCatalog(database.db),
    store: new KyselyMetadataStore(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
