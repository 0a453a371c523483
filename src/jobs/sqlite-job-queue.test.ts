import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../metadata/sqlite/open-sqlite-database.js';
import { jobQueueContract } from './testing/job-queue-contract.js';

jobQueueContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-jobs-'));
  const path = join(dir, 'metadata.sqlite');
  const database = await openSqliteDatabase(path);
  return {
    database,
    openAnother: () => openSqliteDatabase(path),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
