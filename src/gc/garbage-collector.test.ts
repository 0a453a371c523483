// The collector end to end on SQLite and the filesystem store: blobs uploaded for real (UploadService),
// images stored and deleted, then collections with a fake clock: what goes, what stays, dry runs,
// a run cut short and finished by the next one, and deletes the store refuses.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { parseDigest, type Digest } from '../domain/digest.js';
import { KyselyBlobCollection } from '../metadata/kysely-blob-collection.js';
import { KyselyMetadataStore } from '../metadata/kysely-metadata-store.js';
import { openSqliteDatabase } from '../metadata/sqlite/open-sqlite-database.js';
import { manifest } from '../metadata/testing/records.js';
import { RepositoryResolver } from '../registry/repository-address.js';
import { UploadService } from '../registry/upload-service.js';
import type { BlobStore } from '../storage/blob-store.js';
import { FilesystemBlobStore } from '../storage/filesystem/filesystem-blob-store.js';
import { GarbageCollector, type CollectionProgress } from './garbage-collector.js';

const hour = 3_600_000;

async function fixture() {
  const dir = await mkdtemp(join(tmpdir(), 'berth-gc-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const blobs = await FilesystemBlobStore.open(join(dir, 'blobs'));
  const metadata = new KyselyMetadataStore(database.db);
  const clock = { now: 10 * hour };
  const now = () => clock.now;
  const repositories = new RepositoryResolver(metadata, { createOnPush: true, now });
  const uploads = new UploadService({ metadata, blobs, repositories, now, maxClaimWaitMs: 200 });
  const address = { registryId: await metadata.defaultAccountId(), name: 'app' };
  const collection = new KyselyBlobCollection(database.db);
  return {
    clock,
    blobs,
    metadata,
    collection,
    collector: (store: BlobStore = blobs) => new GarbageCollector(collection, store, now),
    async upload(text: string): Promise<Digest> {
      const bytes = Buffer.from(text);
      const digest = parseDigest(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
      await uploads.uploadWhole(address, digest.value, { body: Readable.from([bytes]) });
      return digest;
    },
    async image(n: number, layers: Digest[]) {
      const repository = await repositories.existing(address);
      await metadata.putManifest(
        manifest(repository.id, n),
        layers.map((layer) => ({ digest: layer.value, kind: 'blob' as const })),
      );
      return { delete: () => metadata.deleteManifest(repository.id, manifest(repository.id, n).digest) };
    },
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('a collection deletes what no image references once the grace period is over, and nothing else', async () => {
  const f = await fixture();
  try {
    const shared = await f.upload('shared layer');
    const onlyOld = await f.upload('layer of the deleted image');
    const orphan = await f.upload('uploaded, never referenced');
    const kept = await f.image(1, [shared]);
    const old = await f.image(2, [shared, onlyOld]);
    await old.delete();
    assert.ok(kept);

    f.clock.now += hour / 2;
    const early = await f.collector().collect({ graceMs: hour });
    assert.equal(early.candidates, 0, 'within the grace period nothing is a candidate');

    f.clock.now += hour;
    const progress: CollectionProgress[] = [];
    const dryRun = await f.collector().collect({ graceMs: hour, dryRun: true, onProgress: (p) => progress.push(p) });
    assert.deepEqual({ candidates: dryRun.candidates, deleted: dryRun.deleted, bytesFreed: dryRun.bytesFreed }, { candidates: 2, deleted: 0, bytesFreed: 52 });
    assert.ok(progress.length > 0);
    assert.ok(await f.blobs.stat(orphan), 'a dry run deletes nothing');

    const run = await f.collector().collect({ graceMs: hour });
    assert.deepEqual({ deleted: run.deleted, bytesFreed: run.bytesFreed, failed: run.failed }, { deleted: 2, bytesFreed: 52, failed: 0 });
    assert.equal(await f.blobs.stat(orphan), undefined);
    assert.equal(await f.blobs.stat(onlyOld), undefined);
    assert.ok(await f.blobs.stat(shared));
    assert.deepEqual(run.remaining, { blobs: 1, sizeBytes: 12 });
    assert.equal((await f.collector().collect({ graceMs: hour })).candidates, 0, 'a second run finds nothing');
  } finally {
    await f.cleanup();
  }
});

test('a run cut short after its mark is finished by the next one; deletes the store refuses are retried', async () => {
  const f = await fixture();
  try {
    const first = await f.upload('first');
    const second = await f.upload('second');
    f.clock.now += 2 * hour;
    // A run that marked and stopped (a crash between the mark and the bytes).
    const marked = await f.collection.markForDeletion([first.value], f.clock.now - hour);
    assert.equal(marked.length, 1);

    const refusing: BlobStore = Object.create(f.blobs, {
      delete: { value: async (digest: Digest) => { if (digest.value === second.value) throw new Error('storage unavailable'); return f.blobs.delete(digest); } },
    });
    const run = await f.collector(refusing).collect({ graceMs: hour });
    assert.equal(run.resumed, 1, 'the stopped run is finished');
    assert.equal(run.failed, 1);
    assert.equal(await f.blobs.stat(first), undefined);
    assert.ok(await f.blobs.stat(second), 'its delete failed: it stays, marked');
    assert.equal((await f.collection.listBeingDeleted({ limit: 10 }))[0]?.digest, second.value);

    const next = await f.collector().collect({ graceMs: hour });
    assert.equal(next.resumed, 1);
    assert.equal(await f.blobs.stat(second), undefined);
    assert.deepEqual(next.remaining, { blobs: 0, sizeBytes: 0 });
  } finally {
    await f.cleanup();
  }
});

test('an upload of a blob marked meanwhile fails cleanly and succeeds when pushed again', async () => {
  const f = await fixture();
  try {
    const digest = await f.upload('pushed twice');
    f.clock.now += 2 * hour;
    await f.collection.markForDeletion([digest.value], f.clock.now);
    // The collector has not deleted the bytes yet: a claim waits for it, then gives up cleanly.
    await assert.rejects(f.upload('pushed twice'), { code: 'blob-collected-during-upload' });
    await f.collector().collect({ graceMs: 0 });
    assert.equal(await f.blobs.stat(digest), undefined);
    assert.equal((await f.upload('pushed twice')).value, digest.value);
    assert.ok(await f.blobs.stat(digest));
  } finally {
    await f.cleanup();
  }
});
