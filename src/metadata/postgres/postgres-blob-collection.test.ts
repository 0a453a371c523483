// The garbage collection contract on a real PostgreSQL (testing/postgres-server.ts).
import { after, describe } from 'node:test';
import { KyselyBlobCollection } from '../kysely-blob-collection.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { blobCollectionContract } from '../testing/blob-collection-contract.js';
import { startPostgresServerOrSkip, suiteDatabase } from '../testing/postgres-server.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  const database = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  blobCollectionContract('postgres', async () => {
    const opened = await database();
    return { metadata: new KyselyMetadataStore(opened.db), collection: new KyselyBlobCollection(opened.db), cleanup: () => opened.close() };
  });
});
