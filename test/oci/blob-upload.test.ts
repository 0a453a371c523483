// Blob uploads (distribution spec "Pushing blobs", "Pushing a blob in chunks", "Cancel a blob upload",
// "Mounting a blob from another repository") against a running `berth serve`, over HTTP only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import {
  API_VERSION_HEADER,
  NAME_UNKNOWN_MESSAGE,
  OciClient,
  assertOciError,
  blobOf,
  locationPath,
  randomBlob,
  randomDigest,
  rawRequest,
  sha256,
  sha512,
  sleep,
  withQuery,
  type Reply,
} from './oci-client.js';

const uuidPath = (repository: string) => new RegExp(`^/v2/${repository.replace(/\//g, '\\/')}/blobs/uploads/([A-Za-z0-9._-]+)$`);

describe('blob uploads', () => {
  let berth: BerthProcess;
  let client: OciClient;

  before(async () => {
    berth = await startBerth();
    client = new OciClient(berth.url);
  });
  after(async () => {
    await berth?.stop();
  });

  async function assertBlob(repository: string, bytes: Buffer, digest = sha256(bytes)) {
    const reply = await client.get(`/v2/${repository}/blobs/${digest}`);
    assert.equal(reply.status, 200, `GET blob ${digest} in ${repository}: ${reply.body.toString().slice(0, 300)}`);
    assert.equal(reply.header('docker-content-digest'), digest);
    assert.ok(reply.body.equals(bytes), `blob ${digest} comes back byte for byte`);
  }

  async function uploadRangeOf(location: string): Promise<string | null> {
    const reply = await client.get(location);
    assert.equal(reply.status, 204, `GET ${location}: ${reply.body.toString()}`);
    return reply.header('range');
  }

  describe('starting a session', () => {
    test('POST answers 202 with Location /v2/<name>/blobs/uploads/<uuid>, Docker-Upload-UUID and Range 0-0', async () => {
      const reply = await client.request('POST', '/v2/upload/start/blobs/uploads/', { headers: { 'content-length': '0' } });
      assert.equal(reply.status, 202);
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      const location = reply.header('location');
      const match = uuidPath('upload/start').exec(location ?? '');
      assert.ok(match, `Location ${location} is /v2/upload/start/blobs/uploads/<uuid>`);
      assert.equal(reply.header('docker-upload-uuid'), match[1]);
      assert.equal(reply.header('range'), '0-0');
    });

    test('each POST opens a distinct session', async () => {
      const first = await client.startUpload('upload/distinct');
      const second = await client.startUpload('upload/distinct');
      assert.notEqual(first, second);
    });

    test('POST without a trailing slash after uploads also opens a session', async () => {
      const reply = await client.request('POST', '/v2/upload/noslash/blobs/uploads', { headers: { 'content-length': '0' } });
      assert.equal(reply.status, 202);
      assert.match(reply.header('location') ?? '', uuidPath('upload/noslash'));
    });

    test('the first push creates the repository', async () => {
      const before = await client.get('/v2/upload/created/tags/list');
      assertOciError(before, 404, 'NAME_UNKNOWN');
      await client.pushBlob('upload/created', randomBlob(10));
      const afterPush = await client.get('/v2/upload/created/tags/list');
      assert.equal(afterPush.status, 200);
      assert.deepEqual(afterPush.json(), { name: 'upload/created', tags: [] });
    });

    test('POST ?digest-algorithm=<unsupported> is 400 DIGEST_INVALID', async () => {
      const reply = await client.request('POST', '/v2/upload/badalg/blobs/uploads/?digest-algorithm=md5', { headers: { 'content-length': '0' } });
      assertOciError(reply, 400, 'DIGEST_INVALID');
    });
  });

  describe('monolithic uploads', () => {
    test('POST ?digest= with the body answers 201 with Location /v2/<name>/blobs/<digest> and Docker-Content-Digest', async () => {
      const blob = randomBlob(4096);
      const reply = await client.request('POST', `/v2/upload/mono/blobs/uploads/?digest=${blob.digest}`, {
        headers: { 'content-type': 'application/octet-stream' },
        body: blob.bytes,
      });
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(locationPath(reply), `/v2/upload/mono/blobs/${blob.digest}`);
      assert.equal(reply.header('docker-content-digest'), blob.digest);
      await assertBlob('upload/mono', blob.bytes);
    });

    test('POST ?digest=sha512:… with the body stores a sha512 blob', async () => {
      const bytes = randomBlob(3000).bytes;
      const digest = sha512(bytes);
      const reply = await client.request('POST', `/v2/upload/mono512/blobs/uploads/?digest=${digest}`, { body: bytes });
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(reply.header('docker-content-digest'), digest);
      assert.equal(locationPath(reply), `/v2/upload/mono512/blobs/${digest}`);
      await assertBlob('upload/mono512', bytes, digest);
    });

    test('POST then PUT ?digest= with the whole body answers 201', async () => {
      const blob = randomBlob(5000);
      const location = await client.startUpload('upload/postput');
      const reply = await client.request('PUT', withQuery(location, `digest=${blob.digest}`), {
        headers: { 'content-type': 'application/octet-stream' },
        body: blob.bytes,
      });
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(locationPath(reply), `/v2/upload/postput/blobs/${blob.digest}`);
      assert.equal(reply.header('docker-content-digest'), blob.digest);
      await assertBlob('upload/postput', blob.bytes);
    });

    test('an empty blob can be pushed and pulled', async () => {
      const blob = blobOf(Buffer.alloc(0));
      await client.pushBlob('upload/empty', blob);
      const head = await client.head(`/v2/upload/empty/blobs/${blob.digest}`);
      assert.equal(head.status, 200);
      assert.equal(head.header('content-length'), '0');
      await assertBlob('upload/empty', blob.bytes);
    });

    test('content that does not match ?digest= is 400 DIGEST_INVALID and stores nothing', async () => {
      await client.pushBlob('upload/mismatch', randomBlob(8)); // the repository exists
      const claimed = randomBlob(100);
      const sent = randomBlob(100);
      const reply = await client.request('POST', `/v2/upload/mismatch/blobs/uploads/?digest=${claimed.digest}`, { body: sent.bytes });
      assertOciError(reply, 400, 'DIGEST_INVALID');
      assertOciError(await client.get(`/v2/upload/mismatch/blobs/${claimed.digest}`), 404, 'BLOB_UNKNOWN', 'claimed digest');
      assertOciError(await client.get(`/v2/upload/mismatch/blobs/${sent.digest}`), 404, 'BLOB_UNKNOWN', 'digest of what was sent');
      const head = await client.head(`/v2/upload/mismatch/blobs/${claimed.digest}`);
      assert.equal(head.status, 404);
    });

    test('a malformed ?digest= or another algorithm is 400 DIGEST_INVALID', async () => {
      const bytes = randomBlob(16).bytes;
      for (const digest of ['sha256:abc', 'sha256', 'nonsense', `md5:${'a'.repeat(32)}`, `sha256:${'A'.repeat(64)}`, `sha384:${'a'.repeat(96)}`]) {
        const reply = await client.request('POST', `/v2/upload/baddigest/blobs/uploads/?digest=${encodeURIComponent(digest)}`, { body: bytes });
        assertOciError(reply, 400, 'DIGEST_INVALID', digest);
      }
    });
  });

  describe('chunked uploads', () => {
    test('PATCH with Content-Range answers 202 with Location and Range 0-<end>; PUT ?digest= closes with 201', async () => {
      const blob = randomBlob(1500);
      const location = await client.startUpload('upload/chunked');
      const first = await client.patchChunk(location, blob.bytes.subarray(0, 1000), { start: 0 });
      assert.equal(first.status, 202, first.body.toString());
      assert.equal(first.header('range'), '0-999');
      assert.equal(locationPath(first), location);
      const second = await client.patchChunk(locationPath(first), blob.bytes.subarray(1000), { start: 1000 });
      assert.equal(second.status, 202, second.body.toString());
      assert.equal(second.header('range'), '0-1499');
      const done = await client.request('PUT', withQuery(locationPath(second), `digest=${blob.digest}`));
      assert.equal(done.status, 201, done.body.toString());
      assert.equal(locationPath(done), `/v2/upload/chunked/blobs/${blob.digest}`);
      assert.equal(done.header('docker-content-digest'), blob.digest);
      await assertBlob('upload/chunked', blob.bytes);
    });

    test('the final chunk may come with the closing PUT', async () => {
      const blob = randomBlob(900);
      const location = await client.startUpload('upload/finalput');
      assert.equal((await client.patchChunk(location, blob.bytes.subarray(0, 600), { start: 0 })).status, 202);
      const done = await client.request('PUT', withQuery(location, `digest=${blob.digest}`), {
        headers: { 'content-type': 'application/octet-stream', 'content-range': '600-899' },
        body: blob.bytes.subarray(600),
      });
      assert.equal(done.status, 201, done.body.toString());
      assert.equal(done.header('docker-content-digest'), blob.digest);
      await assertBlob('upload/finalput', blob.bytes);
    });

    test('PATCH without Content-Range appends (docker style)', async () => {
      const blob = randomBlob(3000);
      const location = await client.startUpload('upload/append');
      const first = await client.patchChunk(location, blob.bytes.subarray(0, 1234));
      assert.equal(first.status, 202, first.body.toString());
      assert.equal(first.header('range'), '0-1233');
      const second = await client.patchChunk(locationPath(first), blob.bytes.subarray(1234));
      assert.equal(second.status, 202, second.body.toString());
      assert.equal(second.header('range'), '0-2999');
      const done = await client.request('PUT', withQuery(locationPath(second), `digest=${blob.digest}`));
      assert.equal(done.status, 201, done.body.toString());
      await assertBlob('upload/append', blob.bytes);
    });

    test('PATCH with chunked transfer encoding (no Content-Length, no Content-Range) appends', async () => {
      const blob = randomBlob(10_000);
      const location = await client.startUpload('upload/te-chunked');
      const reply = await rawRequest(berth.url, {
        method: 'PATCH',
        path: location,
        headers: { 'content-type': 'application/octet-stream' }, // no content-length: node sends Transfer-Encoding: chunked
        chunks: [blob.bytes.subarray(0, 3000), blob.bytes.subarray(3000, 7000), blob.bytes.subarray(7000)],
      });
      assert.ok(reply);
      assert.equal(reply.status, 202, reply.body.toString());
      assert.equal(reply.headers['range'], '0-9999');
      assert.equal(await uploadRangeOf(location), '0-9999');
      const done = await client.request('PUT', withQuery(location, `digest=${blob.digest}`));
      assert.equal(done.status, 201, done.body.toString());
      await assertBlob('upload/te-chunked', blob.bytes);
    });

    test('POST ?digest-algorithm=sha512, chunks, then PUT ?digest=sha512:… stores a sha512 blob', async () => {
      const bytes = randomBlob(2500).bytes;
      const digest = sha512(bytes);
      const location = await client.startUpload('upload/sha512', '?digest-algorithm=sha512');
      assert.equal((await client.patchChunk(location, bytes.subarray(0, 1000), { start: 0 })).header('range'), '0-999');
      assert.equal((await client.patchChunk(location, bytes.subarray(1000), { start: 1000 })).header('range'), '0-2499');
      const done = await client.request('PUT', withQuery(location, `digest=${digest}`));
      assert.equal(done.status, 201, done.body.toString());
      assert.equal(done.header('docker-content-digest'), digest);
      assert.equal(locationPath(done), `/v2/upload/sha512/blobs/${digest}`);
      await assertBlob('upload/sha512', bytes, digest);
      const head = await client.head(`/v2/upload/sha512/blobs/${digest}`);
      assert.equal(head.status, 200);
      assert.equal(head.header('docker-content-digest'), digest);
      assert.equal(head.header('content-length'), '2500');
    });

    test('a session is verified with the algorithm of the closing digest, whatever ?digest-algorithm said', async () => {
      const bytes = randomBlob(1000).bytes;
      for (const [start, close] of [['?digest-algorithm=sha512', sha256], ['', sha512]] as const) {
        const wrongSession = await client.startUpload('upload/switch', start);
        await client.patchChunk(wrongSession, bytes, { start: 0 });
        assertOciError(await client.request('PUT', withQuery(wrongSession, `digest=${close(Buffer.from('other'))}`)), 400, 'DIGEST_INVALID');
        const rightSession = await client.startUpload('upload/switch', start);
        await client.patchChunk(rightSession, bytes, { start: 0 });
        const done = await client.request('PUT', withQuery(rightSession, `digest=${close(bytes)}`));
        assert.equal(done.status, 201, done.body.toString());
        await assertBlob('upload/switch', bytes, close(bytes));
      }
    });

    test('an out-of-order chunk is 416 BLOB_UPLOAD_INVALID with the current Range; the session survives', async () => {
      const blob = randomBlob(300);
      const location = await client.startUpload('upload/order');
      assert.equal((await client.patchChunk(location, blob.bytes.subarray(0, 100), { start: 0 })).status, 202);

      const skipped = await client.patchChunk(location, blob.bytes.subarray(200, 300), { start: 200 });
      assertOciError(skipped, 416, 'BLOB_UPLOAD_INVALID', 'chunk past the end');
      assert.equal(skipped.header('range'), '0-99');

      const overlapping = await client.patchChunk(location, blob.bytes.subarray(50, 150), { start: 50 });
      assertOciError(overlapping, 416, 'BLOB_UPLOAD_INVALID', 'chunk overlapping what was received');
      assert.equal(overlapping.header('range'), '0-99');

      const status = await client.get(location);
      assert.equal(status.status, 204);
      assert.equal(status.header('range'), '0-99');
      assert.equal(locationPath(status), location);

      const right = await client.patchChunk(location, blob.bytes.subarray(100, 300), { start: 100 });
      assert.equal(right.status, 202, right.body.toString());
      assert.equal(right.header('range'), '0-299');
      const done = await client.request('PUT', withQuery(location, `digest=${blob.digest}`));
      assert.equal(done.status, 201, done.body.toString());
      await assertBlob('upload/order', blob.bytes);
    });

    test('a first chunk that does not start at 0 is 416 BLOB_UPLOAD_INVALID', async () => {
      const location = await client.startUpload('upload/order-first');
      const reply = await client.patchChunk(location, randomBlob(10).bytes, { start: 5 });
      assertOciError(reply, 416, 'BLOB_UPLOAD_INVALID');
      assert.ok(reply.header('range'), 'the 416 carries a Range header');
      assert.equal(await uploadRangeOf(location), '0-0');
    });

    test('an out-of-order final chunk on the closing PUT is 416 BLOB_UPLOAD_INVALID and the session survives', async () => {
      const blob = randomBlob(200);
      const location = await client.startUpload('upload/order-put');
      assert.equal((await client.patchChunk(location, blob.bytes.subarray(0, 100), { start: 0 })).status, 202);
      const wrong = await client.request('PUT', withQuery(location, `digest=${blob.digest}`), {
        headers: { 'content-range': '150-199' },
        body: blob.bytes.subarray(150),
      });
      assertOciError(wrong, 416, 'BLOB_UPLOAD_INVALID');
      assert.equal(wrong.header('range'), '0-99');
      assert.equal(await uploadRangeOf(location), '0-99');
      const right = await client.request('PUT', withQuery(location, `digest=${blob.digest}`), {
        headers: { 'content-range': '100-199' },
        body: blob.bytes.subarray(100),
      });
      assert.equal(right.status, 201, right.body.toString());
      await assertBlob('upload/order-put', blob.bytes);
    });

    test('a Content-Range whose length differs from Content-Length is 400 SIZE_INVALID', async () => {
      const location = await client.startUpload('upload/size');
      const reply = await client.request('PATCH', location, {
        headers: { 'content-type': 'application/octet-stream', 'content-range': '0-99' },
        body: randomBlob(60).bytes,
      });
      assertOciError(reply, 400, 'SIZE_INVALID');
    });

    test('a truncated chunk (Content-Length larger than what is sent, socket destroyed) leaves the upload at its previous size', async () => {
      const blob = randomBlob(300);
      const location = await client.startUpload('upload/truncated');
      assert.equal((await client.patchChunk(location, blob.bytes.subarray(0, 100), { start: 0 })).status, 202);

      await rawRequest(berth.url, {
        method: 'PATCH',
        path: location,
        headers: { 'content-type': 'application/octet-stream', 'content-range': '100-199', 'content-length': '100' },
        chunks: [Buffer.from('garbage-garbage-garbage-garbage-garbage!')], // 40 of the 100 promised bytes
        destroyAfterWrite: true,
      });

      // The server learns of the broken connection on its own schedule; a client that is told 416
      // asks for the status and retries, as the spec describes. What must never happen is that the
      // 40 stray bytes become part of the upload.
      let status: Reply | undefined;
      for (let attempt = 0; attempt < 100; attempt++) {
        status = await client.get(location);
        if (status.status === 204 && status.header('range') === '0-99') break;
        await sleep(50);
      }
      assert.ok(status);
      assert.equal(status.status, 204, status.body.toString());
      assert.equal(status.header('range'), '0-99', 'the upload is back at the 100 bytes received before');

      let next: Reply | undefined;
      for (let attempt = 0; attempt < 100; attempt++) {
        next = await client.patchChunk(location, blob.bytes.subarray(100, 300), { start: 100 });
        if (next.status !== 416) break;
        await sleep(50);
      }
      assert.ok(next);
      assert.equal(next.status, 202, next.body.toString());
      assert.equal(next.header('range'), '0-299');
      const done = await client.request('PUT', withQuery(location, `digest=${blob.digest}`));
      assert.equal(done.status, 201, done.body.toString());
      await assertBlob('upload/truncated', blob.bytes);
    });

    test('PUT without ?digest is 400 DIGEST_INVALID', async () => {
      const location = await client.startUpload('upload/nodigest');
      assert.equal((await client.patchChunk(location, randomBlob(10).bytes, { start: 0 })).status, 202);
      assertOciError(await client.request('PUT', location), 400, 'DIGEST_INVALID');
    });

    test('PUT ?digest= of other content is 400 DIGEST_INVALID: nothing stored, the session is gone', async () => {
      const blob = randomBlob(500);
      const claimed = randomDigest();
      await client.pushBlob('upload/put-mismatch', randomBlob(8)); // the repository exists
      const location = await client.startUpload('upload/put-mismatch');
      assert.equal((await client.patchChunk(location, blob.bytes, { start: 0 })).status, 202);
      assertOciError(await client.request('PUT', withQuery(location, `digest=${claimed}`)), 400, 'DIGEST_INVALID');
      assertOciError(await client.get(`/v2/upload/put-mismatch/blobs/${claimed}`), 404, 'BLOB_UNKNOWN');
      assertOciError(await client.get(`/v2/upload/put-mismatch/blobs/${blob.digest}`), 404, 'BLOB_UNKNOWN');
      assertOciError(await client.get(location), 404, 'BLOB_UPLOAD_UNKNOWN', 'status of the failed session');
      assertOciError(await client.request('PUT', withQuery(location, `digest=${blob.digest}`)), 404, 'BLOB_UPLOAD_UNKNOWN', 'retrying the failed session');
    });

    test('PUT ?digest= with a malformed digest is 400 DIGEST_INVALID', async () => {
      const location = await client.startUpload('upload/put-bad');
      assertOciError(await client.request('PUT', withQuery(location, 'digest=sha256:123')), 400, 'DIGEST_INVALID');
      assertOciError(await client.request('PUT', withQuery(location, `digest=md5:${'0'.repeat(32)}`)), 400, 'DIGEST_INVALID');
    });
  });

  describe('session status and cancellation', () => {
    test('GET on a session answers 204 with Location and Range', async () => {
      const location = await client.startUpload('upload/status');
      const empty = await client.get(location);
      assert.equal(empty.status, 204);
      assert.equal(locationPath(empty), location);
      assert.equal(empty.header('range'), '0-0');
      assert.equal(empty.body.length, 0);
      await client.patchChunk(location, randomBlob(64).bytes, { start: 0 });
      const some = await client.get(location);
      assert.equal(some.status, 204);
      assert.equal(some.header('range'), '0-63');
      assert.equal(some.header(API_VERSION_HEADER), 'registry/2.0');
    });

    test('DELETE cancels: 204, then every use of the session is 404 BLOB_UPLOAD_UNKNOWN', async () => {
      const blob = randomBlob(64);
      const location = await client.startUpload('upload/cancel');
      await client.patchChunk(location, blob.bytes, { start: 0 });
      const cancel = await client.delete(location);
      assert.equal(cancel.status, 204);
      assertOciError(await client.get(location), 404, 'BLOB_UPLOAD_UNKNOWN', 'GET');
      assertOciError(await client.patchChunk(location, blob.bytes), 404, 'BLOB_UPLOAD_UNKNOWN', 'PATCH');
      assertOciError(await client.request('PUT', withQuery(location, `digest=${blob.digest}`)), 404, 'BLOB_UPLOAD_UNKNOWN', 'PUT');
      assertOciError(await client.delete(location), 404, 'BLOB_UPLOAD_UNKNOWN', 'DELETE again');
      assertOciError(await client.get(`/v2/upload/cancel/blobs/${blob.digest}`), 404, 'BLOB_UNKNOWN');
    });

    test('an unknown upload id is 404 BLOB_UPLOAD_UNKNOWN for GET, PATCH, PUT and DELETE', async () => {
      await client.pushBlob('upload/unknown', randomBlob(4));
      const location = '/v2/upload/unknown/blobs/uploads/3f1c6f0e-0000-4000-8000-000000000000';
      const blob = randomBlob(4);
      assertOciError(await client.get(location), 404, 'BLOB_UPLOAD_UNKNOWN', 'GET');
      assertOciError(await client.patchChunk(location, blob.bytes), 404, 'BLOB_UPLOAD_UNKNOWN', 'PATCH');
      assertOciError(await client.request('PUT', withQuery(location, `digest=${blob.digest}`), { body: blob.bytes }), 404, 'BLOB_UPLOAD_UNKNOWN', 'PUT');
      assertOciError(await client.delete(location), 404, 'BLOB_UPLOAD_UNKNOWN', 'DELETE');
    });

    test('an upload id used under another repository is 404 BLOB_UPLOAD_UNKNOWN, and the session is untouched', async () => {
      const blob = randomBlob(200);
      await client.pushBlob('upload/other', randomBlob(4)); // the other repository exists
      const location = await client.startUpload('upload/owner');
      assert.equal((await client.patchChunk(location, blob.bytes.subarray(0, 100), { start: 0 })).status, 202);
      const foreign = location.replace('/v2/upload/owner/', '/v2/upload/other/');
      assert.notEqual(foreign, location);
      assertOciError(await client.get(foreign), 404, 'BLOB_UPLOAD_UNKNOWN', 'GET');
      assertOciError(await client.patchChunk(foreign, blob.bytes.subarray(100), { start: 100 }), 404, 'BLOB_UPLOAD_UNKNOWN', 'PATCH');
      assertOciError(await client.request('PUT', withQuery(foreign, `digest=${blob.digest}`), { body: blob.bytes.subarray(100) }), 404, 'BLOB_UPLOAD_UNKNOWN', 'PUT');
      assertOciError(await client.delete(foreign), 404, 'BLOB_UPLOAD_UNKNOWN', 'DELETE');
      assertOciError(await client.get(`/v2/upload/other/blobs/${blob.digest}`), 404, 'BLOB_UNKNOWN');

      assert.equal(await uploadRangeOf(location), '0-99');
      const done = await client.request('PUT', withQuery(location, `digest=${blob.digest}`), { headers: { 'content-range': '100-199' }, body: blob.bytes.subarray(100) });
      assert.equal(done.status, 201, done.body.toString());
      await assertBlob('upload/owner', blob.bytes);
    });

    test('a session of a repository that does not exist is 404 NAME_UNKNOWN', async () => {
      const errors = assertOciError(await client.get('/v2/upload/never/blobs/uploads/3f1c6f0e-0000-4000-8000-000000000000'), 404, 'NAME_UNKNOWN');
      assert.match(errors[0].message, NAME_UNKNOWN_MESSAGE('upload/never'));
    });
  });

  describe('cross-repository mount', () => {
    test('a blob pushed to one repository is not visible in another until mounted', async () => {
      const blob = await client.pushBlob('mount/source-a', randomBlob(700));
      await client.pushBlob('mount/target-a', randomBlob(4)); // the target exists
      assertOciError(await client.get(`/v2/mount/target-a/blobs/${blob.digest}`), 404, 'BLOB_UNKNOWN', 'GET');
      const head = await client.head(`/v2/mount/target-a/blobs/${blob.digest}`);
      assert.equal(head.status, 404);
      assert.equal(head.body.length, 0);
    });

    test('POST ?mount=&from= answers 201 with Location and Docker-Content-Digest when from has the blob', async () => {
      const blob = await client.pushBlob('mount/source-b', randomBlob(900));
      const reply = await client.request('POST', `/v2/mount/target-b/blobs/uploads/?mount=${blob.digest}&from=mount/source-b`, {
        headers: { 'content-length': '0' },
      });
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(locationPath(reply), `/v2/mount/target-b/blobs/${blob.digest}`);
      assert.equal(reply.header('docker-content-digest'), blob.digest);
      const head = await client.head(`/v2/mount/target-b/blobs/${blob.digest}`);
      assert.equal(head.status, 200);
      assert.equal(head.header('content-length'), '900');
      await assertBlob('mount/target-b', blob.bytes);
      await assertBlob('mount/source-b', blob.bytes);
    });

    test('a mount from a repository that lacks the blob starts a session (202) that works', async () => {
      await client.pushBlob('mount/source-c', randomBlob(5));
      const blob = randomBlob(321);
      const reply = await client.request('POST', `/v2/mount/target-c/blobs/uploads/?mount=${blob.digest}&from=mount/source-c`, {
        headers: { 'content-length': '0' },
      });
      assert.equal(reply.status, 202, reply.body.toString());
      const location = locationPath(reply);
      assert.match(location, uuidPath('mount/target-c'));
      assert.ok(reply.header('docker-upload-uuid'));
      const done = await client.request('PUT', withQuery(location, `digest=${blob.digest}`), { body: blob.bytes });
      assert.equal(done.status, 201, done.body.toString());
      await assertBlob('mount/target-c', blob.bytes);
    });

    test('a mount from a repository that does not exist starts a session (202)', async () => {
      const blob = randomBlob(50);
      const reply = await client.request('POST', `/v2/mount/target-d/blobs/uploads/?mount=${blob.digest}&from=mount/nowhere`, {
        headers: { 'content-length': '0' },
      });
      assert.equal(reply.status, 202, reply.body.toString());
      assert.match(locationPath(reply), uuidPath('mount/target-d'));
      assertOciError(await client.get(`/v2/mount/target-d/blobs/${blob.digest}`), 404, 'BLOB_UNKNOWN');
    });

    test('a mount with a malformed digest is 400 DIGEST_INVALID', async () => {
      await client.pushBlob('mount/source-e', randomBlob(5));
      const reply = await client.request('POST', '/v2/mount/target-e/blobs/uploads/?mount=sha256:nothex&from=mount/source-e', {
        headers: { 'content-length': '0' },
      });
      assertOciError(reply, 400, 'DIGEST_INVALID');
    });
  });
});
