// The blob store contract: every adapter (filesystem now, S3 later) runs this suite unchanged.
// A new backend is done when it passes.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { digestFromHex, type Digest } from '../../domain/digest.js';
import { isRegistryError } from '../../domain/registry-error.js';
import type { BlobStore } from '../blob-store.js';

export interface BlobStoreFixture {
  store: BlobStore;
  /** A second instance over the same storage, as after a restart or on another node. */
  reopen(): Promise<BlobStore>;
}

function sha256(bytes: Buffer): Digest {
  return digestFromHex('sha256', createHash('sha256').update(bytes).digest('hex'));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A body that delivers `bytes` and then fails, as a client that disconnects mid-chunk. */
function failingBody(bytes: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) {
        this.destroy(new Error('client went away'));
        return;
      }
      sent = true;
      this.push(bytes);
    },
  });
}

async function upload(store: BlobStore, chunks: Buffer[]): Promise<string> {
  const uploadId = randomUUID();
  await store.beginUpload(uploadId, 'sha256');
  let offsetBytes = 0;
  for (const chunk of chunks) {
    ({ sizeBytes: offsetBytes } = await store.appendUpload(uploadId, { offsetBytes, body: Readable.from([chunk]) }));
  }
  return uploadId;
}

export function blobStoreContract(name: string, setup: () => Promise<BlobStoreFixture & { cleanup(): Promise<void> }>): void {
  describe(`blob store contract: ${name}`, () => {
    test('a committed upload reads back whole and by range', async () => {
      const fixture = await setup();
      try {
        const bytes = randomBytes(300_000);
        const uploadId = await upload(fixture.store, [bytes.subarray(0, 100_000), bytes.subarray(100_000)]);
        const digest = sha256(bytes);
        assert.deepEqual(await fixture.store.commitUpload(uploadId, digest), { sizeBytes: bytes.length });
        assert.deepEqual(await fixture.store.stat(digest), { sizeBytes: bytes.length });
        assert.ok((await readAll(await fixture.store.read(digest))).equals(bytes));
        assert.ok((await readAll(await fixture.store.read(digest, { start: 1000, end: 1999 }))).equals(bytes.subarray(1000, 2000)));
        assert.equal(await fixture.store.uploadSize(uploadId), undefined, 'the upload is gone once committed');
      } finally {
        await fixture.cleanup();
      }
    });

    test('an upload of no bytes commits as the empty blob', async () => {
      const fixture = await setup();
      try {
        const uploadId = await upload(fixture.store, []);
        const digest = sha256(Buffer.alloc(0));
        assert.deepEqual(await fixture.store.commitUpload(uploadId, digest), { sizeBytes: 0 });
        assert.deepEqual(await fixture.store.stat(digest), { sizeBytes: 0 });
        assert.equal((await readAll(await fixture.store.read(digest))).length, 0);
      } finally {
        await fixture.cleanup();
      }
    });

    test('a digest mismatch stores nothing and discards the upload', async () => {
      const fixture = await setup();
      try {
        const uploadId = await upload(fixture.store, [randomBytes(1000)]);
        const claimed = sha256(Buffer.from('something else'));
        await assert.rejects(fixture.store.commitUpload(uploadId, claimed), (error) => isRegistryError(error, 'digest-mismatch'));
        assert.equal(await fixture.store.stat(claimed), undefined);
        assert.equal(await fixture.store.uploadSize(uploadId), undefined);
      } finally {
        await fixture.cleanup();
      }
    });

    test('an out-of-order chunk is refused and changes nothing', async () => {
      const fixture = await setup();
      try {
        const uploadId = await upload(fixture.store, [Buffer.from('abc')]);
        await assert.rejects(
          fixture.store.appendUpload(uploadId, { offsetBytes: 10, body: Readable.from([Buffer.from('x')]) }),
          (error) => isRegistryError(error, 'upload-out-of-order'),
        );
        assert.equal(await fixture.store.uploadSize(uploadId), 3);
      } finally {
        await fixture.cleanup();
      }
    });

    test('a chunk that fails half way leaves the upload as it was, and the upload still commits', async () => {
      const fixture = await setup();
      try {
        const first = randomBytes(5000);
        const second = randomBytes(7000);
        const uploadId = await upload(fixture.store, [first]);
        await assert.rejects(fixture.store.appendUpload(uploadId, { offsetBytes: first.length, body: failingBody(randomBytes(3000)) }));
        assert.equal(await fixture.store.uploadSize(uploadId), first.length);
        await fixture.store.appendUpload(uploadId, { offsetBytes: first.length, body: Readable.from([second]) });
        const whole = Buffer.concat([first, second]);
        await fixture.store.commitUpload(uploadId, sha256(whole));
        assert.ok((await readAll(await fixture.store.read(sha256(whole)))).equals(whole));
      } finally {
        await fixture.cleanup();
      }
    });

    test('a declared length that the body does not meet fails with size-invalid and changes nothing', async () => {
      const fixture = await setup();
      try {
        const uploadId = await upload(fixture.store, []);
        await assert.rejects(
          fixture.store.appendUpload(uploadId, { offsetBytes: 0, body: Readable.from([Buffer.from('short')]), expectedLengthBytes: 100 }),
          (error) => isRegistryError(error, 'size-invalid'),
        );
        await assert.rejects(
          fixture.store.appendUpload(uploadId, { offsetBytes: 0, body: Readable.from([Buffer.from('too long')]), expectedLengthBytes: 3 }),
          (error) => isRegistryError(error, 'size-invalid'),
        );
        assert.equal(await fixture.store.uploadSize(uploadId), 0);
      } finally {
        await fixture.cleanup();
      }
    });

    test('an upload continues on another instance (restart, or another node) and commits', async () => {
      const fixture = await setup();
      try {
        const first = randomBytes(64 * 1024);
        const second = randomBytes(10_000);
        const uploadId = await upload(fixture.store, [first]);
        const other = await fixture.reopen();
        assert.equal(await other.uploadSize(uploadId), first.length);
        await other.appendUpload(uploadId, { offsetBytes: first.length, body: Readable.from([second]) });
        const whole = Buffer.concat([first, second]);
        await other.commitUpload(uploadId, sha256(whole));
        assert.deepEqual(await fixture.store.stat(sha256(whole)), { sizeBytes: whole.length });
      } finally {
        await fixture.cleanup();
      }
    });

    test('a sha512 digest is verified too', async () => {
      const fixture = await setup();
      try {
        const bytes = randomBytes(2000);
        const uploadId = await upload(fixture.store, [bytes]);
        const digest = digestFromHex('sha512', createHash('sha512').update(bytes).digest('hex'));
        await fixture.store.commitUpload(uploadId, digest);
        assert.ok((await readAll(await fixture.store.read(digest))).equals(bytes));
      } finally {
        await fixture.cleanup();
      }
    });

    test('the same content committed twice is one blob; delete removes it; absent blobs are undefined', async () => {
      const fixture = await setup();
      try {
        const bytes = randomBytes(1234);
        const digest = sha256(bytes);
        await fixture.store.commitUpload(await upload(fixture.store, [bytes]), digest);
        await fixture.store.commitUpload(await upload(fixture.store, [bytes]), digest);
        assert.deepEqual(await fixture.store.stat(digest), { sizeBytes: bytes.length });
        await fixture.store.delete(digest);
        assert.equal(await fixture.store.stat(digest), undefined);
        await fixture.store.delete(digest);
        await assert.rejects(fixture.store.read(digest), (error) => isRegistryError(error, 'blob-not-found'));
      } finally {
        await fixture.cleanup();
      }
    });

    test('abort discards an upload; unknown uploads are reported as such', async () => {
      const fixture = await setup();
      try {
        const uploadId = await upload(fixture.store, [Buffer.from('bytes')]);
        await fixture.store.abortUpload(uploadId);
        assert.equal(await fixture.store.uploadSize(uploadId), undefined);
        await fixture.store.abortUpload(uploadId);
        await assert.rejects(
          fixture.store.appendUpload(randomUUID(), { offsetBytes: 0, body: Readable.from([Buffer.from('x')]) }),
          (error) => isRegistryError(error, 'upload-not-found'),
        );
      } finally {
        await fixture.cleanup();
      }
    });
  });
}
