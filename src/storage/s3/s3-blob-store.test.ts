// The S3 adapter against a real S3 API server (s3rver, a child process) through the real AWS SDK:
// the shared contract, then what is particular to S3 — parts of at least 5 MiB with the rest spilled
// to local disk, uploads continued on another node from S3 alone, flat memory, nothing left behind.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { digestFromHex, type Digest, type DigestAlgorithm } from '../../domain/digest.js';
import { isRegistryError } from '../../domain/registry-error.js';
import { blobStoreContract } from '../testing/blob-store-contract.js';
import { startS3Server, type S3TestServer } from '../testing/s3-server.js';
import { minPartSizeBytes, S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
import { parseUploadState, type UploadState } from './upload-state.js';

const MiB = 1024 * 1024;
const partSizeBytes = minPartSizeBytes;

// One server for the file; every test works under its own key prefix.
let serverStarting: Promise<S3TestServer> | undefined;
const server = () => (serverStarting ??= startS3Server());
after(async () => {
  if (serverStarting) await (await serverStarting).stop();
});

/** A store over `prefix`, as one node: its own spill directory. */
async function openNode(prefix: string, options: Partial<S3BlobStoreOptions> = {}): Promise<{ store: S3BlobStore; spillRoot: string; close(): Promise<void> }> {
  const s3 = await server();
  const spillRoot = await mkdtemp(join(tmpdir(), 'berth-s3-node-'));
  const store = await S3BlobStore.open({
    bucket: s3.bucket,
    prefix,
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: s3.credentials,
    spillDirectory: spillRoot,
    partSizeBytes,
    ...options,
  });
  return {
    store,
    spillRoot,
    async close() {
      await store.close();
      await rm(spillRoot, { recursive: true, force: true });
    },
  };
}

blobStoreContract('s3', async () => {
  const prefix = `contract-${randomUUID()}`;
  const nodes = [await openNode(prefix)];
  return {
    store: nodes[0].store,
    async reopen() {
      const node = await openNode(prefix);
      nodes.push(node);
      return node.store;
    },
    cleanup: async () => {
      await Promise.all(nodes.map((node) => node.close()));
    },
  };
});

function digestOf(bytes: Buffer, algorithm: DigestAlgorithm = 'sha256'): Digest {
  return digestFromHex(algorithm, createHash(algorithm).update(bytes).digest('hex'));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function append(store: S3BlobStore, uploadId: string, offsetBytes: number, bytes: Buffer): Promise<number> {
  return (await store.appendUpload(uploadId, { offsetBytes, body: Readable.from([bytes]) })).sizeBytes;
}

/** A body that delivers `bytes` in 1 MiB pieces and then fails, as a client that disconnects. */
function failingBody(bytes: Buffer): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= bytes.length) {
        this.destroy(new Error('client went away'));
        return;
      }
      this.push(bytes.subarray(offset, offset + MiB));
      offset += MiB;
    },
  });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const s3 = await server();
  const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

async function uploadRecord(prefix: string, uploadId: string): Promise<UploadState> {
  const s3 = await server();
  const output = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/uploads/${uploadId}/state.json` }));
  return parseUploadState(await output.Body!.transformToString());
}

/** Sizes of the spill files under a node's spill directory. */
async function spillFileSizes(root: string): Promise<number[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.spill'));
  return Promise.all(files.map(async (entry) => (await stat(join(entry.parentPath, entry.name))).size));
}

describe('S3 blob store', () => {
  test('chunks smaller than a part spill to local disk; only whole parts go to S3, the rest as tail segments', async () => {
    const prefix = `spill-${randomUUID()}`;
    const node = await openNode(prefix);
    try {
      const whole = randomBytes(12 * MiB + 345);
      const uploadId = randomUUID();
      await node.store.beginUpload(uploadId, 'sha256');
      let sizeBytes = 0;
      for (let offset = 0; offset < whole.length; offset += 1.5 * MiB) {
        sizeBytes = await append(node.store, uploadId, sizeBytes, whole.subarray(offset, offset + 1.5 * MiB));
        const record = await uploadRecord(prefix, uploadId);
        const pendingBytes = sizeBytes % partSizeBytes;
        assert.equal(record.parts.length, Math.floor(sizeBytes / partSizeBytes), `parts after ${sizeBytes} bytes`);
        assert.ok(record.parts.every((part) => part.sizeBytes === partSizeBytes));
        assert.equal(record.tail.reduce((sum, segment) => sum + segment.sizeBytes, 0), pendingBytes);
        assert.deepEqual(await spillFileSizes(node.spillRoot), [pendingBytes], 'the tail, and only it, waits on local disk');
      }
      const digest = digestOf(whole);
      assert.deepEqual(await node.store.commitUpload(uploadId, digest), { sizeBytes: whole.length });
      assert.ok((await readAll(await node.store.read(digest))).equals(whole));
      const range = { start: 5 * MiB - 10, end: 5 * MiB + 9 };
      assert.ok((await readAll(await node.store.read(digest, range))).equals(whole.subarray(range.start, range.end + 1)));
      assert.deepEqual(await keysUnder(`${prefix}/uploads/`), []);
      assert.deepEqual(await spillFileSizes(node.spillRoot), []);
    } finally {
      await node.close();
    }
  });

  test('an upload continues on another node mid-way, back and forth, and commits on either', async () => {
    const prefix = `nodes-${randomUUID()}`;
    const a = await openNode(prefix);
    const b = await openNode(prefix);
    try {
      const chunks = [randomBytes(6 * MiB), randomBytes(6 * MiB), randomBytes(MiB + 7)];
      const whole = Buffer.concat(chunks);
      const uploadId = randomUUID();
      await a.store.beginUpload(uploadId, 'sha256');
      let sizeBytes = await append(a.store, uploadId, 0, chunks[0]);
      sizeBytes = await append(b.store, uploadId, sizeBytes, chunks[1]);
      assert.equal(await a.store.uploadSize(uploadId), 12 * MiB);
      sizeBytes = await append(a.store, uploadId, sizeBytes, chunks[2]);
      assert.equal((await uploadRecord(prefix, uploadId)).parts.length, 2);
      // B did not see every byte: its commit hashes the completed object once.
      const digest = digestOf(whole);
      assert.deepEqual(await b.store.commitUpload(uploadId, digest), { sizeBytes: whole.length });
      assert.ok((await readAll(await a.store.read(digest))).equals(whole));
      assert.deepEqual(await keysUnder(`${prefix}/uploads/`), []);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a wrong digest on a multi-part upload stores nothing, on the node that hashed it and on one that did not', async () => {
    const prefix = `mismatch-${randomUUID()}`;
    const a = await openNode(prefix);
    const b = await openNode(prefix);
    try {
      for (const committer of [a.store, b.store]) {
        const uploadId = randomUUID();
        await a.store.beginUpload(uploadId, 'sha256');
        await append(a.store, uploadId, 0, randomBytes(7 * MiB));
        const claimed = digestOf(randomBytes(10));
        await assert.rejects(committer.commitUpload(uploadId, claimed), (error) => isRegistryError(error, 'digest-mismatch'));
        assert.equal(await a.store.stat(claimed), undefined);
        assert.equal(await b.store.uploadSize(uploadId), undefined);
      }
      assert.deepEqual(await keysUnder(`${prefix}/`), []);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a sha512 digest of a multi-part upload is verified by hashing the stored bytes once', async () => {
    const prefix = `sha512-${randomUUID()}`;
    const node = await openNode(prefix);
    try {
      const whole = randomBytes(11 * MiB);
      const uploadId = randomUUID();
      await node.store.beginUpload(uploadId, 'sha256');
      await append(node.store, uploadId, 0, whole);
      const digest = digestOf(whole, 'sha512');
      await node.store.commitUpload(uploadId, digest);
      assert.ok((await readAll(await node.store.read(digest))).equals(whole));
    } finally {
      await node.close();
    }
  });

  test('a chunk that fails after parts were sent leaves the upload as it was; the retry commits', async () => {
    const prefix = `failing-${randomUUID()}`;
    const node = await openNode(prefix);
    try {
      const first = randomBytes(3 * MiB);
      const second = randomBytes(9 * MiB);
      const uploadId = randomUUID();
      await node.store.beginUpload(uploadId, 'sha256');
      await append(node.store, uploadId, 0, first);
      const before = await uploadRecord(prefix, uploadId);
      await assert.rejects(node.store.appendUpload(uploadId, { offsetBytes: first.length, body: failingBody(randomBytes(8 * MiB)) }));
      await assert.rejects(
        node.store.appendUpload(uploadId, { offsetBytes: first.length, body: Readable.from([second]), expectedLengthBytes: second.length - 1 }),
        (error) => isRegistryError(error, 'size-invalid'),
      );
      assert.deepEqual(await uploadRecord(prefix, uploadId), before);
      assert.deepEqual(await spillFileSizes(node.spillRoot), [first.length]);
      await append(node.store, uploadId, first.length, second);
      const whole = Buffer.concat([first, second]);
      await node.store.commitUpload(uploadId, digestOf(whole));
      assert.ok((await readAll(await node.store.read(digestOf(whole)))).equals(whole));
    } finally {
      await node.close();
    }
  });

  test('blobs of exactly one part and of a part and one byte, each committed twice', async () => {
    const prefix = `edges-${randomUUID()}`;
    const node = await openNode(prefix);
    try {
      for (const sizeBytes of [partSizeBytes, partSizeBytes + 1]) {
        const bytes = randomBytes(sizeBytes);
        const uploadId = randomUUID();
        await node.store.beginUpload(uploadId, 'sha256');
        await append(node.store, uploadId, 0, bytes);
        await node.store.commitUpload(uploadId, digestOf(bytes));
        assert.deepEqual(await node.store.stat(digestOf(bytes)), { sizeBytes });
        assert.ok((await readAll(await node.store.read(digestOf(bytes)))).equals(bytes));
        // The same content again: verified, then found already published.
        const again = randomUUID();
        await node.store.beginUpload(again, 'sha256');
        await append(node.store, again, 0, bytes);
        assert.deepEqual(await node.store.commitUpload(again, digestOf(bytes)), { sizeBytes });
      }
      assert.deepEqual(await keysUnder(`${prefix}/uploads/`), []);
    } finally {
      await node.close();
    }
  });

  test('abort removes a multi-part upload; nothing is left under uploads/ or in the spill directory', async () => {
    const prefix = `abort-${randomUUID()}`;
    const node = await openNode(prefix);
    try {
      const uploadId = randomUUID();
      await node.store.beginUpload(uploadId, 'sha256');
      await append(node.store, uploadId, 0, randomBytes(6 * MiB));
      assert.notDeepEqual(await keysUnder(`${prefix}/uploads/`), []);
      await node.store.abortUpload(uploadId);
      assert.equal(await node.store.uploadSize(uploadId), undefined);
      assert.deepEqual(await keysUnder(`${prefix}/uploads/`), []);
      assert.deepEqual(await spillFileSizes(node.spillRoot), []);
    } finally {
      await node.close();
    }
  });

  test('a presigned URL reads the blob straight from the object store', async () => {
    const prefix = `presign-${randomUUID()}`;
    const node = await openNode(prefix);
    try {
      const bytes = randomBytes(1000);
      const uploadId = randomUUID();
      await node.store.beginUpload(uploadId, 'sha256');
      await append(node.store, uploadId, 0, bytes);
      await node.store.commitUpload(uploadId, digestOf(bytes));
      const url = new URL(await node.store.presignedReadUrl(digestOf(bytes), 300));
      assert.equal(url.pathname, `/${(await server()).bucket}/${prefix}/blobs/sha256/${digestOf(bytes).hex.slice(0, 2)}/${digestOf(bytes).hex}`);
      assert.equal(url.searchParams.get('X-Amz-Expires'), '300');
      assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host');
      assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes));
      await assert.rejects(node.store.presignedReadUrl(digestOf(bytes), 8 * 24 * 3600), RangeError);
    } finally {
      await node.close();
    }
  });

  test('memory stays flat while a 200 MiB blob streams in and back out', async (t) => {
    const prefix = `memory-${randomUUID()}`;
    const node = await openNode(prefix);
    // Measure live memory, not garbage the collector has not reached yet.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    try {
      const totalBytes = 200 * MiB;
      const expected = createHash('sha256');
      // A request body: bytes on demand, little read-ahead. A fresh buffer per chunk, so a store that
      // kept chunks would keep all 200 MiB alive.
      let sentBytes = 0;
      const body = new Readable({
        highWaterMark: 64 * 1024,
        read() {
          if (sentBytes >= totalBytes) {
            this.push(null);
            return;
          }
          const chunk = randomFillSync(Buffer.allocUnsafe(MiB));
          expected.update(chunk);
          sentBytes += chunk.length;
          this.push(chunk);
        },
      });
      gc();
      const baseline = process.memoryUsage();
      let peakLiveBytes = 0;
      let peakRssBytes = 0;
      const sample = () => {
        gc();
        const usage = process.memoryUsage();
        peakLiveBytes = Math.max(peakLiveBytes, usage.heapUsed + usage.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers);
        peakRssBytes = Math.max(peakRssBytes, usage.rss - baseline.rss);
      };
      const sampler = setInterval(sample, 100);
      try {
        const uploadId = randomUUID();
        await node.store.beginUpload(uploadId, 'sha256');
        await node.store.appendUpload(uploadId, { offsetBytes: 0, body });
        const digest = digestFromHex('sha256', expected.digest('hex'));
        await node.store.commitUpload(uploadId, digest);
        const readBack = createHash('sha256');
        for await (const chunk of await node.store.read(digest)) readBack.update(chunk as Buffer);
        assert.equal(readBack.digest('hex'), digest.hex);
      } finally {
        clearInterval(sampler);
      }
      sample();
      const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
      t.diagnostic(`200 MiB upload and read: peak growth of live memory ${mib(peakLiveBytes)}, of RSS ${mib(peakRssBytes)}`);
      // Parts in flight and stream buffers account for a few MiB each (measured: 5 to 30 MiB in all).
      assert.ok(peakLiveBytes < 64 * MiB, `live memory grew by ${mib(peakLiveBytes)}`);
      assert.ok(peakRssBytes < 120 * MiB, `RSS grew by ${mib(peakRssBytes)}`);
    } finally {
      await node.close();
    }
  });
});
