// Upload expiry on SQLite and a real PostgreSQL, with a fake clock and a blob store double that
// records what it is asked to discard (and can refuse).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { KyselyMetadataStore } from '../metadata/kysely-metadata-store.js';
import type { MetadataDatabase } from '../metadata/metadata-database.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import { openPostgresDatabase } from '../metadata/postgres/open-postgres-database.js';
import { openSqliteDatabase } from '../metadata/sqlite/open-sqlite-database.js';
import { startPostgresServerOrSkip } from '../metadata/testing/postgres-server.js';
import type { BlobStore } from '../storage/blob-store.js';
import { UploadExpiry } from './upload-expiry.js';

const hour = 3_600_000;

/** Only uploads' discarding is expected of the store here; anything else is a test failure. */
class DiscardingBlobStore implements BlobStore {
  readonly aborted: string[] = [];
  readonly refused = new Set<string>();
  async abortUpload(uploadId: string): Promise<void> {
    if (this.refused.has(uploadId)) throw new Error(`storage refused to discard ${uploadId}`);
    this.aborted.push(uploadId);
  }
  stat = unexpected;
  read = unexpected;
  delete = unexpected;
  beginUpload = unexpected;
  appendUpload = unexpected;
  uploadSize = unexpected;
  commitUpload = unexpected;
}

async function unexpected(): Promise<never> {
  throw new Error('upload expiry touched the blob store beyond abortUpload');
}

function uploadExpiryTests(name: string, open: () => Promise<{ database: MetadataDatabase; cleanup(): Promise<void> }>): void {
  describe(`upload expiry: ${name}`, () => {
    const withStores = (work: (fixture: { metadata: MetadataStore; blobs: DiscardingBlobStore; clock: { time: number }; repositoryId: number }) => Promise<void>) => async () => {
      const { database, cleanup } = await open();
      try {
        const metadata = new KyselyMetadataStore(database.db);
        const repository = await metadata.ensureRepository(await metadata.defaultAccountId(), 'app', 0);
        await work({ metadata, blobs: new DiscardingBlobStore(), clock: { time: 100 * hour }, repositoryId: repository.id });
      } finally {
        await cleanup();
      }
    };
    const session = (id: string, repositoryId: number, updatedAt: number) => ({ id, repositoryId, algorithm: 'sha256', startedAt: updatedAt, updatedAt });

    test(
      'sessions idle longer than the limit lose their bytes and their row; active ones stay',
      withStores(async ({ metadata, blobs, clock, repositoryId }) => {
        await metadata.createUploadSession(session('old', repositoryId, clock.time - 25 * hour));
        await metadata.createUploadSession(session('touched', repositoryId, clock.time - 30 * hour));
        await metadata.touchUploadSession('touched', clock.time - hour);
        await metadata.createUploadSession(session('recent', repositoryId, clock.time - 23 * hour));
        const expiry = new UploadExpiry(metadata, blobs, () => clock.time, { maxIdleMs: 24 * hour });
        assert.deepEqual(await expiry.removeStale(), { removed: 1, failed: 0, truncated: false });
        assert.deepEqual(blobs.aborted, ['old']);
        assert.equal(await metadata.findUploadSession('old'), undefined);
        assert.ok(await metadata.findUploadSession('touched'));
        assert.ok(await metadata.findUploadSession('recent'));

        clock.time += 2 * hour; // 'recent' is 25 h idle now
        assert.equal((await expiry.removeStale()).removed, 1);
        assert.deepEqual(blobs.aborted, ['old', 'recent']);
        assert.deepEqual(await expiry.removeStale(), { removed: 0, failed: 0, truncated: false });
      }),
    );

    test(
      'removal goes in bounded batches and stops at the batch limit; the next run goes on',
      withStores(async ({ metadata, blobs, clock, repositoryId }) => {
        for (let n = 0; n < 25; n++) await metadata.createUploadSession(session(`s${String(n).padStart(2, '0')}`, repositoryId, clock.time - 48 * hour + n));
        const expiry = new UploadExpiry(metadata, blobs, () => clock.time, { maxIdleMs: 24 * hour, batchSize: 10, maxBatches: 2 });
        assert.deepEqual(await expiry.removeStale(), { removed: 20, failed: 0, truncated: true });
        assert.deepEqual(blobs.aborted.slice(0, 3), ['s00', 's01', 's02'], 'least recently touched first');
        assert.deepEqual(await expiry.removeStale(), { removed: 5, failed: 0, truncated: false });
      }),
    );

    test(
      'a session the blob store cannot discard keeps its row for the next run and does not stop the others',
      withStores(async ({ metadata, blobs, clock, repositoryId }) => {
        for (const id of ['a', 'b', 'c']) await metadata.createUploadSession(session(id, repositoryId, clock.time - 48 * hour));
        blobs.refused.add('a');
        const errors: string[] = [];
        const expiry = new UploadExpiry(metadata, blobs, () => clock.time, { maxIdleMs: 24 * hour, batchSize: 1, onError: (id) => errors.push(id) });
        assert.deepEqual(await expiry.removeStale(), { removed: 2, failed: 1, truncated: false });
        assert.deepEqual(errors, ['a']);
        assert.ok(await metadata.findUploadSession('a'));
        blobs.refused.clear();
        assert.equal((await expiry.removeStale()).removed, 1);
        assert.equal(await metadata.findUploadSession('a'), undefined);
      }),
    );

    test(
      'an aborted run stops between sessions',
      withStores(async ({ metadata, blobs, clock, repositoryId }) => {
        await metadata.createUploadSession(session('a', repositoryId, clock.time - 48 * hour));
        const expiry = new UploadExpiry(metadata, blobs, () => clock.time);
        await assert.rejects(expiry.removeStale(AbortSignal.abort()), { name: 'AbortError' });
        assert.deepEqual(blobs.aborted, []);
      }),
    );
  });
}

uploadExpiryTests('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-upload-expiry-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    database,
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  uploadExpiryTests('postgres', async () => {
    const url = await server!.createDatabase();
    const database = await openPostgresDatabase(url);
    return {
      database,
      async cleanup() {
        await database.close();
        await server!.dropDatabase(url);
      },
    };
  });
});
