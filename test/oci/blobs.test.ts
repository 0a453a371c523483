// Pulling, checking and deleting blobs (distribution spec "Pulling blobs", "Checking if content exists",
// "Deleting Blobs"), with Range requests (RFC 9110 §14), against a running `berth serve`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import {
  API_VERSION_HEADER,
  NAME_UNKNOWN_MESSAGE,
  OciClient,
  assertOciError,
  randomBlob,
  randomDigest,
  sha256,
  sha512,
  type Blob,
} from './oci-client.js';

describe('blobs', () => {
  let berth: BerthProcess;
  let client: OciClient;
  let blob: Blob;
  const repository = 'blobs/pull';
  const blobPath = () => `/v2/${repository}/blobs/${blob.digest}`;

  before(async () => {
    berth = await startBerth();
    client = new OciClient(berth.url);
    blob = await client.pushBlob(repository, randomBlob(1000));
  });
  after(async () => {
    await berth?.stop();
  });

  describe('GET and HEAD', () => {
    test('GET answers 200 with the bytes, Content-Length, Docker-Content-Digest and Accept-Ranges', async () => {
      const reply = await client.get(blobPath());
      assert.equal(reply.status, 200);
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      assert.equal(reply.header('content-length'), '1000');
      assert.equal(reply.header('docker-content-digest'), blob.digest);
      assert.equal(reply.header('accept-ranges'), 'bytes');
      assert.ok(reply.body.equals(blob.bytes));
      assert.equal(sha256(reply.body), blob.digest);
    });

    test('HEAD answers 200 with the same headers and no body', async () => {
      const reply = await client.head(blobPath());
      assert.equal(reply.status, 200);
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      assert.equal(reply.header('content-length'), '1000');
      assert.equal(reply.header('docker-content-digest'), blob.digest);
      assert.equal(reply.header('accept-ranges'), 'bytes');
      assert.equal(reply.body.length, 0);
    });

    test('an unknown blob of an existing repository is 404 BLOB_UNKNOWN (GET) and 404 without a body (HEAD)', async () => {
      const digest = randomDigest();
      assertOciError(await client.get(`/v2/${repository}/blobs/${digest}`), 404, 'BLOB_UNKNOWN');
      const head = await client.head(`/v2/${repository}/blobs/${digest}`);
      assert.equal(head.status, 404);
      assert.equal(head.header(API_VERSION_HEADER), 'registry/2.0');
      assert.equal(head.body.length, 0);
    });

    test('a blob of a repository that does not exist is 404 NAME_UNKNOWN', async () => {
      const errors = assertOciError(await client.get(`/v2/blobs/missing/blobs/${blob.digest}`), 404, 'NAME_UNKNOWN');
      assert.match(errors[0].message, NAME_UNKNOWN_MESSAGE('blobs/missing'));
      assert.equal((await client.head(`/v2/blobs/missing/blobs/${blob.digest}`)).status, 404);
    });

    test('a malformed digest or another algorithm is 400 DIGEST_INVALID', async () => {
      for (const digest of ['sha256:1234', 'notadigest', `md5:${'0'.repeat(32)}`, `sha256:${blob.digest.slice(7).toUpperCase()}`]) {
        assertOciError(await client.get(`/v2/${repository}/blobs/${digest}`), 400, 'DIGEST_INVALID', digest);
      }
    });

    test('a sha512 blob is served under its sha512 digest', async () => {
      const bytes = randomBlob(333).bytes;
      const digest = sha512(bytes);
      const push = await client.request('POST', `/v2/${repository}/blobs/uploads/?digest=${digest}`, { body: bytes });
      assert.equal(push.status, 201);
      const reply = await client.get(`/v2/${repository}/blobs/${digest}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.header('docker-content-digest'), digest);
      assert.ok(reply.body.equals(bytes));
    });
  });

  describe('ranges', () => {
    test('Range bytes=a-b answers 206 with Content-Range and exactly those bytes', async () => {
      const reply = await client.get(blobPath(), { range: 'bytes=10-19' });
      assert.equal(reply.status, 206);
      assert.equal(reply.header('content-range'), 'bytes 10-19/1000');
      assert.equal(reply.header('content-length'), '10');
      assert.equal(reply.header('docker-content-digest'), blob.digest);
      assert.ok(reply.body.equals(blob.bytes.subarray(10, 20)));
    });

    test('Range bytes=a- answers 206 with the rest of the blob', async () => {
      const reply = await client.get(blobPath(), { range: 'bytes=900-' });
      assert.equal(reply.status, 206);
      assert.equal(reply.header('content-range'), 'bytes 900-999/1000');
      assert.ok(reply.body.equals(blob.bytes.subarray(900)));
    });

    test('Range bytes=-n answers 206 with the last n bytes', async () => {
      const reply = await client.get(blobPath(), { range: 'bytes=-16' });
      assert.equal(reply.status, 206);
      assert.equal(reply.header('content-range'), 'bytes 984-999/1000');
      assert.ok(reply.body.equals(blob.bytes.subarray(984)));
    });

    test('an end beyond the blob is clamped to its last byte', async () => {
      const reply = await client.get(blobPath(), { range: 'bytes=990-5000' });
      assert.equal(reply.status, 206);
      assert.equal(reply.header('content-range'), 'bytes 990-999/1000');
      assert.ok(reply.body.equals(blob.bytes.subarray(990)));
    });

    test('the whole blob can be reassembled from ranges', async () => {
      const parts: Buffer[] = [];
      for (let start = 0; start < 1000; start += 300) {
        const reply = await client.get(blobPath(), { range: `bytes=${start}-${Math.min(start + 299, 999)}` });
        assert.equal(reply.status, 206);
        parts.push(reply.body);
      }
      assert.equal(sha256(Buffer.concat(parts)), blob.digest);
    });

    test('a start beyond the blob is 416 with Content-Range: bytes */<size>', async () => {
      for (const range of ['bytes=1000-', 'bytes=5000-6000']) {
        const reply = await client.get(blobPath(), { range });
        assert.equal(reply.status, 416, range);
        assert.equal(reply.header('content-range'), 'bytes */1000', range);
        assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      }
    });
  });

  describe('DELETE', () => {
    test('DELETE answers 202; the blob is then 404 BLOB_UNKNOWN', async () => {
      const doomed = await client.pushBlob('blobs/delete', randomBlob(100));
      const keep = await client.pushBlob('blobs/delete', randomBlob(100));
      const reply = await client.delete(`/v2/blobs/delete/blobs/${doomed.digest}`);
      assert.equal(reply.status, 202);
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      assertOciError(await client.get(`/v2/blobs/delete/blobs/${doomed.digest}`), 404, 'BLOB_UNKNOWN');
      assert.equal((await client.head(`/v2/blobs/delete/blobs/${doomed.digest}`)).status, 404);
      assertOciError(await client.delete(`/v2/blobs/delete/blobs/${doomed.digest}`), 404, 'BLOB_UNKNOWN', 'deleting twice');
      assert.equal((await client.get(`/v2/blobs/delete/blobs/${keep.digest}`)).status, 200, 'the other blob stays');
    });

    test('deleting a blob in one repository leaves the same blob in another', async () => {
      const shared = randomBlob(64);
      await client.pushBlob('blobs/delete-a', shared);
      await client.pushBlob('blobs/delete-b', shared);
      assert.equal((await client.delete(`/v2/blobs/delete-a/blobs/${shared.digest}`)).status, 202);
      const other = await client.get(`/v2/blobs/delete-b/blobs/${shared.digest}`);
      assert.equal(other.status, 200);
      assert.ok(other.body.equals(shared.bytes));
    });

    test('DELETE of a blob a manifest of the repository references is 405 UNSUPPORTED and the image stays intact', async () => {
      const image = await client.pushImage('blobs/referenced', 'v1');
      for (const referenced of [image.config, ...image.layers]) {
        assertOciError(await client.delete(`/v2/blobs/referenced/blobs/${referenced.digest}`), 405, 'UNSUPPORTED', referenced.digest);
      }
      const manifest = await client.get('/v2/blobs/referenced/manifests/v1');
      assert.equal(manifest.status, 200);
      assert.ok(manifest.body.equals(image.manifest));
      for (const referenced of [image.config, ...image.layers]) {
        const reply = await client.get(`/v2/blobs/referenced/blobs/${referenced.digest}`);
        assert.equal(reply.status, 200);
        assert.ok(reply.body.equals(referenced.bytes));
      }
    });

    test('DELETE with a malformed digest is 400 DIGEST_INVALID', async () => {
      assertOciError(await client.delete(`/v2/${repository}/blobs/sha256:xyz`), 400, 'DIGEST_INVALID');
    });
  });

  describe('manifests through the blob endpoint', () => {
    test('a manifest is readable as a blob by its digest (GET, HEAD, Range)', async () => {
      const image = await client.pushImage('blobs/manifest', 'v1');
      const reply = await client.get(`/v2/blobs/manifest/blobs/${image.digest}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.header('docker-content-digest'), image.digest);
      assert.equal(reply.header('content-length'), String(image.size));
      assert.ok(reply.body.equals(image.manifest));
      const head = await client.head(`/v2/blobs/manifest/blobs/${image.digest}`);
      assert.equal(head.status, 200);
      assert.equal(head.header('content-length'), String(image.size));
      assert.equal(head.header('docker-content-digest'), image.digest);
      const part = await client.get(`/v2/blobs/manifest/blobs/${image.digest}`, { range: 'bytes=0-9' });
      assert.equal(part.status, 206);
      assert.ok(part.body.equals(image.manifest.subarray(0, 10)));
    });
  });
});
