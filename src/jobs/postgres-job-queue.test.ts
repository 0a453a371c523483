// The job queue contract on a real PostgreSQL (metadata/testing/postgres-server.ts): one database for
// the suite, emptied before every test; every "node" opens a pool of its own on it.
import { after, describe } from 'node:test';
import { openPostgresDatabase } from '../metadata/postgres/open-postgres-database.js';
import { startPostgresServerOrSkip } from '../metadata/testing/postgres-server.js';
import { jobQueueContract } from './testing/job-queue-contract.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  let url: Promise<string> | undefined;
  jobQueueContract('postgres', async () => {
    url ??= server!.createDatabase();
    const database = await openPostgresDatabase(await url);
    await database.db.deleteFrom('jobs').execute();
    await database.db.deleteFrom('schedules').execute();
    return { database, openAnother: async () => openPostgresDatabase(await url!), cleanup: () => database.close() };
  });
});
