// The /v2/ surface as a whole (distribution spec "Determining Support", "API", "Error Codes"): the API
// version header everywhere, the error body, repository-name and digest validation on every endpoint,
// unknown endpoints and wrong methods. Against a running `berth serve`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import {
  API_VERSION_HEADER,
  MediaType,
  NAME_UNKNOWN_MESSAGE,
  OciClient,
  assertOciError,
  randomBlob,
  randomDigest,
  withQuery,
  type Reply,
} from './oci-client.js';

const FAKE_UPLOAD = '5b0f8a52-3b8e-4a5d-9c1f-000000000000';

describe('the /v2/ surface', () => {
  let berth: BerthProcess;
  let client: OciClient;

  before(async () => {
    berth = await startBerth();
    client = new OciClient(berth.url);
  });
  after(async () => {
    await berth?.stop();
  });

  test('GET /v2/ answers 200 (the API is supported)', async () => {
    const reply = await client.get('/v2/');
    assert.equal(reply.status, 200);
    assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
    assert.equal((await client.head('/v2/')).status, 200);
  });

  test('every /v2/ response, success or error, carries Docker-Distribution-API-Version: registry/2.0', async () => {
    const blob = randomBlob(100);
    const location = await client.startUpload('surface/headers');
    const replies: [string, Reply][] = [];
    const record = async (what: string, reply: Promise<Reply>) => replies.push([what, await reply]);
    await record('GET /v2/', client.get('/v2/'));
    await record('HEAD /v2/', client.head('/v2/'));
    await record('GET /v2', client.get('/v2'));
    await record('POST upload', client.request('POST', '/v2/surface/headers/blobs/uploads/', { headers: { 'content-length': '0' } }));
    await record('PATCH', client.patchChunk(location, blob.bytes, { start: 0 }));
    await record('GET upload', client.get(location));
    await record('PUT upload', client.request('PUT', withQuery(location, `digest=${blob.digest}`)));
    await record('GET blob', client.get(`/v2/surface/headers/blobs/${blob.digest}`));
    await record('HEAD blob', client.head(`/v2/surface/headers/blobs/${blob.digest}`));
    await record('GET blob range', client.get(`/v2/surface/headers/blobs/${blob.digest}`, { range: 'bytes=0-9' }));
    const image = await client.pushImage('surface/headers', 'v1');
    await record('PUT manifest', client.pushManifest('surface/headers', 'v2', image.manifest, MediaType.ociManifest));
    await record('GET manifest', client.get('/v2/surface/headers/manifests/v1'));
    await record('HEAD manifest', client.head('/v2/surface/headers/manifests/v1'));
    await record('tags list', client.get('/v2/surface/headers/tags/list'));
    await record('catalog', client.get('/v2/_catalog'));
    await record('referrers', client.get(`/v2/surface/headers/referrers/${image.digest}`));
    await record('DELETE tag', client.delete('/v2/surface/headers/manifests/v2'));
    await record('DELETE blob', client.delete(`/v2/surface/headers/blobs/${blob.digest}`));
    await record('DELETE upload', client.delete(await client.startUpload('surface/headers')));
    await record('404 blob', client.get(`/v2/surface/headers/blobs/${randomDigest()}`));
    await record('404 HEAD blob', client.head(`/v2/surface/headers/blobs/${randomDigest()}`));
    await record('404 endpoint', client.get('/v2/surface/headers/nothing-here'));
    await record('405', client.request('POST', '/v2/_catalog'));
    await record('400 name', client.get('/v2/Surface/tags/list'));
    await record('416', client.get(`/v2/surface/headers/blobs/${image.config.digest}`, { range: 'bytes=99999-' }));
    for (const [what, reply] of replies) assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0', `${what} (${reply.status})`);
  });

  test('an error is JSON {"errors":[{code, message, detail?}]} with an application/json Content-Type', async () => {
    const reply = await client.get('/v2/surface/missing/tags/list');
    const errors = assertOciError(reply, 404, 'NAME_UNKNOWN');
    assert.match(reply.header('content-type') ?? '', /^application\/json/);
    assert.equal(errors.length, 1);
    assert.ok(errors[0].message.length > 0);
  });

  describe('repository names', () => {
    const invalid = [
      ['one character', 'a'],
      ['uppercase', 'Abc'],
      ['uppercase component', 'team/App'],
      ['double dot', 'a..b'],
      ['three underscores', 'a___b'],
      ['leading separator', '-abc'],
      ['trailing separator', 'abc-'],
      ['leading dot', '.abc'],
      ['empty component', 'a//b'],
      ['trailing slash', 'abc/'],
      ['space', 'a%20b'],
      ['300 characters', 'a'.repeat(300)],
      ['257 characters', `${'a'.repeat(128)}/${'b'.repeat(128)}`],
    ] as const;

    test('invalid names are 400 NAME_INVALID on every endpoint', async () => {
      for (const [why, name] of invalid) {
        const requests: [string, Promise<Reply>][] = [
          ['tags list', client.get(`/v2/${name}/tags/list`)],
          ['GET manifest', client.get(`/v2/${name}/manifests/latest`)],
          ['PUT manifest', client.pushManifest(name, 'latest', '{}', MediaType.ociManifest)],
          ['DELETE manifest', client.delete(`/v2/${name}/manifests/latest`)],
          ['GET blob', client.get(`/v2/${name}/blobs/${randomDigest()}`)],
          ['DELETE blob', client.delete(`/v2/${name}/blobs/${randomDigest()}`)],
          ['POST upload', client.request('POST', `/v2/${name}/blobs/uploads/`, { headers: { 'content-length': '0' } })],
          ['GET upload', client.get(`/v2/${name}/blobs/uploads/${FAKE_UPLOAD}`)],
          ['referrers', client.get(`/v2/${name}/referrers/${randomDigest()}`)],
        ];
        for (const [endpoint, reply] of requests) assertOciError(await reply, 400, 'NAME_INVALID', `${why} on ${endpoint}`);
      }
      const head = await client.head('/v2/Abc/manifests/latest');
      assert.equal(head.status, 400);
    });

    test('a mount from an invalid repository name is 400 NAME_INVALID', async () => {
      const reply = await client.request('POST', `/v2/surface/mount/blobs/uploads/?mount=${randomDigest()}&from=Bad..Name`, { headers: { 'content-length': '0' } });
      assertOciError(reply, 400, 'NAME_INVALID');
    });

    test('names at the edges of the rule are accepted: 2 characters, 256 characters, every separator', async () => {
      for (const name of ['ab', `${'a'.repeat(127)}/${'b'.repeat(128)}`, 'a.b_c__d-e---f/g0/h1.i', '0/1']) {
        assert.ok(name.length >= 2 && name.length <= 256);
        const blob = await client.pushBlob(name, randomBlob(10));
        const reply = await client.get(`/v2/${name}/blobs/${blob.digest}`);
        assert.equal(reply.status, 200, `${name.slice(0, 40)}: ${reply.body.toString()}`);
      }
    });
  });

  describe('repositories that do not exist', () => {
    test('are 404 NAME_UNKNOWN with ECR’s message on every read, delete and upload endpoint', async () => {
      const name = 'surface/nowhere';
      const requests: [string, Promise<Reply>][] = [
        ['tags list', client.get(`/v2/${name}/tags/list`)],
        ['GET manifest', client.get(`/v2/${name}/manifests/latest`)],
        ['DELETE manifest', client.delete(`/v2/${name}/manifests/latest`)],
        ['GET blob', client.get(`/v2/${name}/blobs/${randomDigest()}`)],
        ['DELETE blob', client.delete(`/v2/${name}/blobs/${randomDigest()}`)],
        ['GET upload', client.get(`/v2/${name}/blobs/uploads/${FAKE_UPLOAD}`)],
        ['PATCH upload', client.request('PATCH', `/v2/${name}/blobs/uploads/${FAKE_UPLOAD}`, { body: 'x' })],
        ['PUT upload', client.request('PUT', `/v2/${name}/blobs/uploads/${FAKE_UPLOAD}?digest=${randomDigest()}`)],
        ['DELETE upload', client.delete(`/v2/${name}/blobs/uploads/${FAKE_UPLOAD}`)],
      ];
      for (const [endpoint, reply] of requests) {
        const errors = assertOciError(await reply, 404, 'NAME_UNKNOWN', endpoint);
        assert.match(errors[0].message, NAME_UNKNOWN_MESSAGE(name), endpoint);
      }
      assert.equal((await client.head(`/v2/${name}/manifests/latest`)).status, 404);
      assert.equal((await client.head(`/v2/${name}/blobs/${randomDigest()}`)).status, 404);
    });

    test('the registry id in the message is the same 12 digits everywhere', async () => {
      const ids = new Set<string>();
      for (const name of ['surface/x1', 'surface/x2', 'x3']) {
        const [error] = assertOciError(await client.get(`/v2/${name}/tags/list`), 404, 'NAME_UNKNOWN');
        ids.add(/'(\d{12})'$/.exec(error.message)?.[1] ?? 'none');
      }
      assert.equal(ids.size, 1);
      assert.ok(!ids.has('none'));
    });
  });

  describe('digests', () => {
    const bad = ['sha256:abc', 'sha256', `sha256:${'g'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `sha512:${'a'.repeat(64)}`, `md5:${'0'.repeat(32)}`, `sha384:${'0'.repeat(96)}`];

    test('a malformed digest or unsupported algorithm is 400 DIGEST_INVALID on every endpoint that takes one', async () => {
      await client.pushImage('surface/digests', 'v1');
      const location = await client.startUpload('surface/digests');
      for (const digest of bad) {
        const requests: [string, Promise<Reply>][] = [
          ['GET blob', client.get(`/v2/surface/digests/blobs/${digest}`)],
          ['DELETE blob', client.delete(`/v2/surface/digests/blobs/${digest}`)],
          // Without a colon the reference of a manifest is a tag (`sha256` is a fine tag name).
          ...(digest.includes(':')
            ? ([
                ['GET manifest', client.get(`/v2/surface/digests/manifests/${digest}`)],
                ['DELETE manifest', client.delete(`/v2/surface/digests/manifests/${digest}`)],
              ] as [string, Promise<Reply>][])
            : []),
          ['referrers', client.get(`/v2/surface/digests/referrers/${digest}`)],
          ['POST ?digest=', client.request('POST', `/v2/surface/digests/blobs/uploads/?digest=${digest}`, { body: 'x' })],
          ['PUT ?digest=', client.request('PUT', withQuery(location, `digest=${digest}`))],
          ['mount', client.request('POST', `/v2/surface/digests/blobs/uploads/?mount=${digest}&from=surface/digests`, { headers: { 'content-length': '0' } })],
        ];
        for (const [endpoint, reply] of requests) assertOciError(await reply, 400, 'DIGEST_INVALID', `${digest.slice(0, 20)} on ${endpoint}`);
      }
      assert.equal((await client.head(`/v2/surface/digests/blobs/sha256:abc`)).status, 400);
    });
  });

  describe('routing', () => {
    test('an unknown endpoint is 404 UNSUPPORTED', async () => {
      for (const path of ['/v2/surface/app/nothing', '/v2/surface/app/manifests', '/v2/surface/app/tags/list/more', '/v2/surface/app/blobs', '/v2/_catalog/more']) {
        assertOciError(await client.get(path), 404, 'UNSUPPORTED', path);
      }
    });

    test('a wrong method on a known endpoint is 405 UNSUPPORTED with an Allow header', async () => {
      const digest = randomDigest();
      const cases: [string, string, string[]][] = [
        ['POST', '/v2/', ['GET', 'HEAD']],
        ['DELETE', '/v2/_catalog', ['GET', 'HEAD']],
        ['PUT', '/v2/surface/app/tags/list', ['GET', 'HEAD']],
        ['POST', '/v2/surface/app/manifests/latest', ['GET', 'HEAD', 'PUT', 'DELETE']],
        ['PATCH', '/v2/surface/app/manifests/latest', ['GET', 'HEAD', 'PUT', 'DELETE']],
        ['PUT', `/v2/surface/app/blobs/${digest}`, ['GET', 'HEAD', 'DELETE']],
        ['GET', '/v2/surface/app/blobs/uploads/', ['POST']],
        ['POST', `/v2/surface/app/blobs/uploads/${FAKE_UPLOAD}`, ['GET', 'HEAD', 'PATCH', 'PUT', 'DELETE']],
        ['DELETE', `/v2/surface/app/referrers/${digest}`, ['GET', 'HEAD']],
      ];
      for (const [method, path, allowed] of cases) {
        const reply = await client.request(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: '' });
        assertOciError(reply, 405, 'UNSUPPORTED', `${method} ${path}`);
        const allow = (reply.header('allow') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
        assert.deepEqual(allow.sort(), [...allowed].sort(), `Allow for ${method} ${path}`);
      }
    });
  });
});
