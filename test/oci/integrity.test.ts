// Integrity under bad input: a known image (a manifest tagged v1 and latest, an index tagged multi)
// is pushed first; then every kind of bad request is thrown at the same repository — many aimed
// at the very tags and digests of that image — and after each one the image must still pull byte
// for byte, with its tags exactly as they were. Against a running `berth serve`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import {
  MediaType,
  OciClient,
  assertOciError,
  descriptor,
  manifestDescriptor,
  randomBlob,
  randomDigest,
  rawRequest,
  sha256,
  sha512,
  sleep,
  withQuery,
  type Blob,
  type PushedImage,
} from './oci-client.js';

const REPO = 'integrity/app';
const TAGS = ['latest', 'multi', 'v1'];
const MiB = 1024 * 1024;

/** The same algorithm and length, one hex digit changed. */
function otherDigestThan(digest: string): string {
  return digest.slice(0, -1) + (digest.endsWith('0') ? '1' : '0');
}

describe('integrity of a stored image under bad input', () => {
  let berth: BerthProcess;
  let client: OciClient;
  let image: PushedImage;
  let index: { bytes: Buffer; digest: string };
  let blobs: Blob[];

  before(async () => {
    berth = await startBerth();
    client = new OciClient(berth.url);
    image = await client.pushImage(REPO, 'v1', { layers: [randomBlob(64 * 1024), randomBlob(3000)], indent: 2 });
    assert.equal((await client.pushManifest(REPO, 'latest', image.manifest, MediaType.ociManifest)).status, 201);
    const indexBytes = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [manifestDescriptor(image, { platform: { architecture: 'amd64', os: 'linux' } })] }),
    );
    assert.equal((await client.pushManifest(REPO, 'multi', indexBytes, MediaType.ociIndex)).status, 201);
    index = { bytes: indexBytes, digest: sha256(indexBytes) };
    blobs = [image.config, ...image.layers];
    await verifyIntact();
  });
  after(async () => {
    await berth?.stop();
  });

  async function expectManifest(reference: string, bytes: Buffer, mediaType: string) {
    const reply = await client.get(`/v2/${REPO}/manifests/${reference}`, { accept: `${MediaType.ociManifest}, ${MediaType.ociIndex}` });
    assert.equal(reply.status, 200, `manifest ${reference}: ${reply.body.toString().slice(0, 300)}`);
    assert.equal(reply.header('content-type'), mediaType, `Content-Type of ${reference}`);
    assert.equal(reply.header('docker-content-digest'), sha256(bytes), `digest of ${reference}`);
    assert.ok(reply.body.equals(bytes), `manifest ${reference} byte for byte`);
  }

  /** The known image, its index, its blobs and its tags, exactly as pushed. */
  async function verifyIntact() {
    for (const reference of ['v1', 'latest', image.digest]) await expectManifest(reference, image.manifest, MediaType.ociManifest);
    for (const reference of ['multi', index.digest]) await expectManifest(reference, index.bytes, MediaType.ociIndex);
    for (const blob of blobs) {
      const reply = await client.get(`/v2/${REPO}/blobs/${blob.digest}`);
      assert.equal(reply.status, 200, `blob ${blob.digest}`);
      assert.equal(reply.header('content-length'), String(blob.size));
      assert.ok(reply.body.equals(blob.bytes), `blob ${blob.digest} byte for byte`);
    }
    const tags = await client.get(`/v2/${REPO}/tags/list`);
    assert.equal(tags.status, 200);
    assert.deepEqual(tags.json(), { name: REPO, tags: TAGS });
  }

  /** Another valid manifest of the repository, never pushed as a manifest. */
  function otherManifest(extra: Record<string, unknown> = {}): Buffer {
    return Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: descriptor(image.config, MediaType.ociConfig),
        layers: [descriptor(image.layers[1], MediaType.ociLayer)],
        annotations: { impostor: 'yes' },
        ...extra,
      }),
    );
  }

  const battery: [string, () => Promise<void>][] = [
    [
      'malformed JSON pushed to latest: 400 MANIFEST_INVALID',
      async () => {
        assertOciError(await client.pushManifest(REPO, 'latest', image.manifest.subarray(0, image.manifest.length - 3), MediaType.ociManifest), 400, 'MANIFEST_INVALID');
      },
    ],
    [
      'a Content-Type that disagrees with the body, pushed to latest: 400 MANIFEST_INVALID',
      async () => {
        assertOciError(await client.pushManifest(REPO, 'latest', otherManifest(), MediaType.dockerManifest), 400, 'MANIFEST_INVALID');
        assertOciError(await client.pushManifest(REPO, 'multi', otherManifest(), MediaType.ociIndex), 400, 'MANIFEST_INVALID');
      },
    ],
    [
      'a schema 1 manifest pushed to latest: 415 UNSUPPORTED',
      async () => {
        const schema1 = JSON.stringify({ schemaVersion: 1, name: REPO, tag: 'latest', fsLayers: [], history: [] });
        assertOciError(await client.pushManifest(REPO, 'latest', schema1, MediaType.dockerSchema1Signed), 415, 'UNSUPPORTED');
      },
    ],
    [
      'a manifest with a missing layer pushed to latest: 400 MANIFEST_BLOB_UNKNOWN',
      async () => {
        const missing = randomBlob(10);
        const bytes = otherManifest({ layers: [descriptor(image.layers[0], MediaType.ociLayer), descriptor(missing, MediaType.ociLayer)] });
        const errors = assertOciError(await client.pushManifest(REPO, 'latest', bytes, MediaType.ociManifest), 400, 'MANIFEST_BLOB_UNKNOWN');
        assert.deepEqual(errors.map((error) => error.detail?.digest), [missing.digest]);
      },
    ],
    [
      'a manifest whose blobs live only in another repository, pushed to latest: 400 MANIFEST_BLOB_UNKNOWN',
      async () => {
        const foreign = await client.pushBlob('integrity/elsewhere', randomBlob(500));
        const bytes = otherManifest({ layers: [descriptor(foreign, MediaType.ociLayer)] });
        assertOciError(await client.pushManifest(REPO, 'latest', bytes, MediaType.ociManifest), 400, 'MANIFEST_BLOB_UNKNOWN');
      },
    ],
    [
      'an index with a missing child pushed to multi: 400 MANIFEST_BLOB_UNKNOWN',
      async () => {
        const bytes = JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.ociIndex,
          manifests: [manifestDescriptor(image), { mediaType: MediaType.ociManifest, digest: randomDigest(), size: 100 }],
        });
        assertOciError(await client.pushManifest(REPO, 'multi', bytes, MediaType.ociIndex), 400, 'MANIFEST_BLOB_UNKNOWN');
      },
    ],
    [
      'a manifest over 4 MiB pushed to latest: 413 MANIFEST_INVALID',
      async () => {
        const bytes = otherManifest({ annotations: { pad: 'z'.repeat(4 * MiB) } });
        assertOciError(await client.pushManifest(REPO, 'latest', bytes, MediaType.ociManifest), 413, 'MANIFEST_INVALID');
      },
    ],
    [
      'other bytes pushed under the digest of the stored manifest: 400 DIGEST_INVALID',
      async () => {
        assertOciError(await client.pushManifest(REPO, image.digest, otherManifest(), MediaType.ociManifest), 400, 'DIGEST_INVALID');
        assertOciError(await client.pushManifest(REPO, index.digest, otherManifest(), MediaType.ociManifest), 400, 'DIGEST_INVALID');
        assertOciError(await client.pushManifest(REPO, otherDigestThan(sha512(image.manifest)), image.manifest, MediaType.ociManifest), 400, 'DIGEST_INVALID');
      },
    ],
    [
      'a push by digest with ?tag=latest&tag=-bad: 400 TAG_INVALID, and latest does not move',
      async () => {
        const bytes = otherManifest();
        assertOciError(await client.pushManifest(REPO, sha256(bytes), bytes, MediaType.ociManifest, '?tag=latest&tag=-bad'), 400, 'TAG_INVALID');
        assertOciError(await client.get(`/v2/${REPO}/manifests/${sha256(bytes)}`), 404, 'MANIFEST_UNKNOWN');
      },
    ],
    [
      'a push to an invalid tag: 400 TAG_INVALID',
      async () => {
        for (const tag of ['-latest', '.v1', 'x'.repeat(129)]) {
          assertOciError(await client.pushManifest(REPO, tag, otherManifest(), MediaType.ociManifest), 400, 'TAG_INVALID', tag.slice(0, 10));
        }
      },
    ],
    [
      'a complete manifest body sent to latest with a Content-Length that promises more, socket destroyed: nothing stored',
      async () => {
        const bytes = otherManifest();
        await rawRequest(berth.url, {
          method: 'PUT',
          path: `/v2/${REPO}/manifests/latest`,
          headers: { 'content-type': MediaType.ociManifest, 'content-length': String(bytes.length + 100) },
          chunks: [bytes],
          destroyAfterWrite: true,
        });
        await sleep(200); // let the server notice the broken connection before looking
        assertOciError(await client.get(`/v2/${REPO}/manifests/${sha256(bytes)}`), 404, 'MANIFEST_UNKNOWN');
      },
    ],
    [
      'other content uploaded under a stored layer’s digest (monolithic): 400 DIGEST_INVALID',
      async () => {
        const target = image.layers[0];
        const reply = await client.request('POST', `/v2/${REPO}/blobs/uploads/?digest=${target.digest}`, { body: randomBlob(target.size).bytes });
        assertOciError(reply, 400, 'DIGEST_INVALID');
      },
    ],
    [
      'other content uploaded under the config’s digest (chunked, then PUT): 400 DIGEST_INVALID',
      async () => {
        const location = await client.startUpload(REPO);
        assert.equal((await client.patchChunk(location, Buffer.from('{"not":"the config"}'), { start: 0 })).status, 202);
        assertOciError(await client.request('PUT', withQuery(location, `digest=${image.config.digest}`)), 400, 'DIGEST_INVALID');
        assertOciError(await client.get(location), 404, 'BLOB_UPLOAD_UNKNOWN');
      },
    ],
    [
      'half of a stored layer uploaded under its digest, socket destroyed mid-body: the layer is untouched',
      async () => {
        const target = image.layers[0];
        await rawRequest(berth.url, {
          method: 'POST',
          path: `/v2/${REPO}/blobs/uploads/?digest=${target.digest}`,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(target.size) },
          chunks: [target.bytes.subarray(0, target.size / 2)],
          destroyAfterWrite: true,
        });
        await sleep(200);
      },
    ],
    [
      'a complete new blob sent with a Content-Length that promises more, socket destroyed: nothing stored',
      async () => {
        const fresh = randomBlob(5000);
        await rawRequest(berth.url, {
          method: 'POST',
          path: `/v2/${REPO}/blobs/uploads/?digest=${fresh.digest}`,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(fresh.size + 10) },
          chunks: [fresh.bytes],
          destroyAfterWrite: true,
        });
        await sleep(200);
        assertOciError(await client.get(`/v2/${REPO}/blobs/${fresh.digest}`), 404, 'BLOB_UNKNOWN');
      },
    ],
    [
      'upload session abuse (out-of-order chunk, size mismatch, PUT without digest, unknown session): 416/400/400/404',
      async () => {
        const location = await client.startUpload(REPO);
        assert.equal((await client.patchChunk(location, randomBlob(10).bytes, { start: 0 })).status, 202);
        assertOciError(await client.patchChunk(location, randomBlob(10).bytes, { start: 50 }), 416, 'BLOB_UPLOAD_INVALID');
        assertOciError(await client.request('PATCH', location, { headers: { 'content-range': '10-19' }, body: randomBlob(3).bytes }), 400, 'SIZE_INVALID');
        assertOciError(await client.request('PUT', location), 400, 'DIGEST_INVALID');
        assertOciError(await client.get(`/v2/${REPO}/blobs/uploads/00000000-0000-4000-8000-000000000000`), 404, 'BLOB_UPLOAD_UNKNOWN');
        assert.equal((await client.delete(location)).status, 204);
      },
    ],
    [
      'DELETE of the layers and config the image references: 405 UNSUPPORTED',
      async () => {
        for (const blob of blobs) assertOciError(await client.delete(`/v2/${REPO}/blobs/${blob.digest}`), 405, 'UNSUPPORTED', blob.digest);
      },
    ],
    [
      'DELETE of the manifest the index lists: 405 UNSUPPORTED',
      async () => {
        assertOciError(await client.delete(`/v2/${REPO}/manifests/${image.digest}`), 405, 'UNSUPPORTED');
      },
    ],
    [
      'DELETE of an unknown tag, unknown digest and unknown blob: 404',
      async () => {
        assertOciError(await client.delete(`/v2/${REPO}/manifests/nope`), 404, 'MANIFEST_UNKNOWN');
        assertOciError(await client.delete(`/v2/${REPO}/manifests/${randomDigest()}`), 404, 'MANIFEST_UNKNOWN');
        assertOciError(await client.delete(`/v2/${REPO}/blobs/${randomDigest()}`), 404, 'BLOB_UNKNOWN');
      },
    ],
    [
      'malformed digests on GET and DELETE of blobs and manifests: 400 DIGEST_INVALID',
      async () => {
        const broken = image.layers[0].digest.slice(0, -1);
        assertOciError(await client.get(`/v2/${REPO}/blobs/${broken}`), 400, 'DIGEST_INVALID');
        assertOciError(await client.delete(`/v2/${REPO}/blobs/${broken}`), 400, 'DIGEST_INVALID');
        assertOciError(await client.delete(`/v2/${REPO}/manifests/${image.digest.slice(0, -1)}`), 400, 'DIGEST_INVALID');
        assertOciError(await client.get(`/v2/${REPO}/referrers/${image.digest.slice(0, -1)}`), 400, 'DIGEST_INVALID');
      },
    ],
    [
      'a Range past the end of a layer: 416',
      async () => {
        const reply = await client.get(`/v2/${REPO}/blobs/${image.layers[0].digest}`, { range: `bytes=${image.layers[0].size}-` });
        assert.equal(reply.status, 416);
        assert.equal(reply.header('content-range'), `bytes */${image.layers[0].size}`);
      },
    ],
    [
      'a mount of a stored layer from a repository that does not have it: 202, the layer stays',
      async () => {
        const reply = await client.request('POST', `/v2/${REPO}/blobs/uploads/?mount=${image.layers[1].digest}&from=integrity/nowhere`, {
          headers: { 'content-length': '0' },
        });
        assert.equal(reply.status, 202);
        const cancel = await client.delete(reply.header('location') ?? '');
        assert.equal(cancel.status, 204);
      },
    ],
    [
      'invalid names close to the repository’s, wrong methods and unknown endpoints: 400/405/404',
      async () => {
        assertOciError(await client.pushManifest('Integrity/app', 'latest', otherManifest(), MediaType.ociManifest), 400, 'NAME_INVALID');
        assertOciError(await client.pushManifest('integrity//app', 'latest', otherManifest(), MediaType.ociManifest), 400, 'NAME_INVALID');
        assertOciError(await client.request('POST', `/v2/${REPO}/manifests/latest`, { body: otherManifest() }), 405, 'UNSUPPORTED');
        assertOciError(await client.request('PATCH', `/v2/${REPO}/blobs/${image.layers[0].digest}`, { body: 'x' }), 405, 'UNSUPPORTED');
        assertOciError(await client.request('PUT', `/v2/${REPO}/tags/list`, { body: '{}' }), 405, 'UNSUPPORTED');
        assertOciError(await client.get(`/v2/${REPO}/manifests`), 404, 'UNSUPPORTED');
      },
    ],
    [
      'an invalid page size on the tags list: 400 UNSUPPORTED',
      async () => {
        assertOciError(await client.get(`/v2/${REPO}/tags/list?n=-1`), 400, 'UNSUPPORTED');
      },
    ],
  ];

  for (const [title, run] of battery) {
    test(`${title}; the image still pulls byte for byte`, async () => {
      await run();
      await verifyIntact();
    });
  }

  test('after the whole battery: the image, its index, its blobs and exactly its tags are intact; no stray content', async () => {
    await verifyIntact();
    const other = otherManifest();
    assertOciError(await client.get(`/v2/${REPO}/manifests/${sha256(other)}`), 404, 'MANIFEST_UNKNOWN');
    const catalog = await client.get('/v2/_catalog');
    assert.equal(catalog.status, 200);
    assert.equal(catalog.json().repositories.filter((name: string) => name === REPO).length, 1);
    assert.ok(!catalog.json().repositories.includes('integrity/nowhere'), 'a failed mount source is not created');
    // The blobs still mount elsewhere with the right bytes: the stored content itself is sound.
    for (const blob of blobs) {
      const mount = await client.request('POST', `/v2/integrity/copy/blobs/uploads/?mount=${blob.digest}&from=${REPO}`, { headers: { 'content-length': '0' } });
      assert.equal(mount.status, 201);
      const reply = await client.get(`/v2/integrity/copy/blobs/${blob.digest}`);
      assert.equal(sha256(reply.body), blob.digest);
    }
  });
});
