import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyBlobCollection } from '../kysely-blob-collection.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { blobCollectionContract } from '../testing/blob-collection-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

blobCollectionContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-sqlite-gc-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    metadata: new KyselyMetadataStore(database.db),
    collection: new KyselyBlobCollection(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
