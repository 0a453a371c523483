// Manifests (distribution spec "Pulling manifests", "Pushing Manifests", "Deleting tags", "Deleting
// Manifests", content-negotiation.md; image spec manifest.md / image-index.md; Docker schema 2) against a
// running `berth serve`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import {
  API_VERSION_HEADER,
  EMPTY_DESCRIPTOR,
  EMPTY_JSON_DIGEST,
  MediaType,
  NAME_UNKNOWN_MESSAGE,
  OciClient,
  assertOciError,
  descriptor,
  fromRaw,
  locationPath,
  manifestDescriptor,
  randomBlob,
  randomDigest,
  rawRequest,
  sha256,
  sha512,
  type Blob,
  type Descriptor,
  type PushedImage,
} from './oci-client.js';

const MiB = 1024 * 1024;

describe('manifests', () => {
  let berth: BerthProcess;
  let client: OciClient;

  before(async () => {
    berth = await startBerth();
    client = new OciClient(berth.url);
  });
  after(async () => {
    await berth?.stop();
  });

  /** Config and one layer pushed to the repository; returns an OCI manifest object using them. */
  async function ociManifestIn(repository: string, extra: Record<string, unknown> = {}) {
    const config = await client.pushBlob(repository, randomBlob(120));
    const layer = await client.pushBlob(repository, randomBlob(500));
    return {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: descriptor(config, MediaType.ociConfig),
      layers: [descriptor(layer, MediaType.ociLayer)],
      ...extra,
    };
  }

  async function assertManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, accept?: string) {
    const reply = await client.get(`/v2/${repository}/manifests/${reference}`, accept ? { accept } : {});
    assert.equal(reply.status, 200, `GET ${repository}:${reference}: ${reply.body.toString().slice(0, 300)}`);
    assert.equal(reply.header('content-type'), mediaType);
    assert.equal(reply.header('docker-content-digest'), sha256(bytes));
    assert.equal(reply.header('content-length'), String(bytes.length));
    assert.ok(reply.body.equals(bytes), `${repository}:${reference} comes back byte for byte`);
  }

  async function pushIndex(repository: string, tag: string, children: { image: PushedImage; platform?: Descriptor['platform'] }[], mediaType: string = MediaType.ociIndex) {
    const index = {
      schemaVersion: 2,
      mediaType,
      manifests: children.map(({ image, platform }) => manifestDescriptor(image, platform ? { platform } : {})),
    };
    const bytes = Buffer.from(JSON.stringify(index));
    const reply = await client.pushManifest(repository, tag, bytes, mediaType);
    assert.equal(reply.status, 201, reply.body.toString());
    return { bytes, digest: sha256(bytes) };
  }

  describe('push and pull', () => {
    test('PUT by tag answers 201 with Location and Docker-Content-Digest; GET by tag and by digest return it', async () => {
      const manifest = await ociManifestIn('manifests/basic');
      const bytes = Buffer.from(JSON.stringify(manifest));
      const digest = sha256(bytes);
      const reply = await client.pushManifest('manifests/basic', 'v1', bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      assert.equal(locationPath(reply), `/v2/manifests/basic/manifests/${digest}`);
      assert.equal(reply.header('docker-content-digest'), digest);
      assert.equal(reply.header('oci-subject'), null, 'no OCI-Subject without a subject');
      await assertManifest('manifests/basic', 'v1', bytes, MediaType.ociManifest);
      await assertManifest('manifests/basic', digest, bytes, MediaType.ociManifest);
    });

    test('HEAD answers 200 with Content-Type, Docker-Content-Digest and Content-Length, and no body', async () => {
      const image = await client.pushImage('manifests/head', 'v1');
      for (const reference of ['v1', image.digest]) {
        const reply = await client.head(`/v2/manifests/head/manifests/${reference}`);
        assert.equal(reply.status, 200);
        assert.equal(reply.header('content-type'), MediaType.ociManifest);
        assert.equal(reply.header('docker-content-digest'), image.digest);
        assert.equal(reply.header('content-length'), String(image.size));
        assert.equal(reply.body.length, 0);
      }
    });

    test('PUT by digest answers 201 with Location and Docker-Content-Digest', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('manifests/bydigest')));
      const digest = sha256(bytes);
      const reply = await client.pushManifest('manifests/bydigest', digest, bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(locationPath(reply), `/v2/manifests/bydigest/manifests/${digest}`);
      assert.equal(reply.header('docker-content-digest'), digest);
      await assertManifest('manifests/bydigest', digest, bytes, MediaType.ociManifest);
      const tags = await client.get('/v2/manifests/bydigest/tags/list');
      assert.deepEqual(tags.json().tags, [], 'a push by digest creates no tag');
    });

    test('PUT by a sha512 digest stores the manifest under that digest', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('manifests/sha512')));
      const digest = sha512(bytes);
      const reply = await client.pushManifest('manifests/sha512', digest, bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(reply.header('docker-content-digest'), digest);
      const pulled = await client.get(`/v2/manifests/sha512/manifests/${digest}`);
      assert.equal(pulled.status, 200);
      assert.equal(pulled.header('docker-content-digest'), digest);
      assert.ok(pulled.body.equals(bytes));
    });

    test('PUT by a digest the bytes do not have is 400 DIGEST_INVALID and stores nothing', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('manifests/wrongdigest')));
      const wrong = randomDigest();
      assertOciError(await client.pushManifest('manifests/wrongdigest', wrong, bytes, MediaType.ociManifest), 400, 'DIGEST_INVALID');
      assertOciError(await client.get(`/v2/manifests/wrongdigest/manifests/${wrong}`), 404, 'MANIFEST_UNKNOWN');
      assertOciError(await client.get(`/v2/manifests/wrongdigest/manifests/${sha256(bytes)}`), 404, 'MANIFEST_UNKNOWN');
    });

    test('?tag=a&tag=b on a push by digest answers OCI-Tag and both tags resolve', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('manifests/ocitag')));
      const digest = sha256(bytes);
      const reply = await client.pushManifest('manifests/ocitag', digest, bytes, MediaType.ociManifest, '?tag=a&tag=b');
      assert.equal(reply.status, 201, reply.body.toString());
      const announced = (reply.header('oci-tag') ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);
      assert.deepEqual(announced.sort(), ['a', 'b']);
      for (const tag of ['a', 'b']) await assertManifest('manifests/ocitag', tag, bytes, MediaType.ociManifest);
      assert.deepEqual((await client.get('/v2/manifests/ocitag/tags/list')).json().tags, ['a', 'b']);
    });

    test('an invalid ?tag= is 400 TAG_INVALID and creates no tag at all', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('manifests/ocitag-bad')));
      const digest = sha256(bytes);
      const reply = await client.pushManifest('manifests/ocitag-bad', digest, bytes, MediaType.ociManifest, '?tag=good&tag=-bad');
      assertOciError(reply, 400, 'TAG_INVALID');
      assertOciError(await client.get('/v2/manifests/ocitag-bad/manifests/good'), 404, 'MANIFEST_UNKNOWN');
    });

    test('the stored bytes are returned exactly, whitespace and key order included', async () => {
      const manifest = await ociManifestIn('manifests/exact');
      const text =
        '{\n\t"schemaVersion" : 2 ,\r\n   "layers":[ ' + JSON.stringify(manifest.layers[0]) + ' ],' +
        '"config":   ' + JSON.stringify(manifest.config, null, 7) + ',\n' +
        '"annotations": {"note": "caf\\u00e9 \u00e9 \u{1F40B}", "z": "", "a": "x"},' +
        '  "mediaType":"' + MediaType.ociManifest + '"}\n\n   ';
      const bytes = Buffer.from(text, 'utf8');
      const reply = await client.pushManifest('manifests/exact', 'pretty', bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(reply.header('docker-content-digest'), sha256(bytes));
      await assertManifest('manifests/exact', 'pretty', bytes, MediaType.ociManifest);
      await assertManifest('manifests/exact', sha256(bytes), bytes, MediaType.ociManifest);
    });

    test('pushing another manifest to a tag moves the tag; the old one stays pullable by digest', async () => {
      const first = await client.pushImage('manifests/retag', 'latest');
      const second = await client.pushImage('manifests/retag', 'latest');
      await assertManifest('manifests/retag', 'latest', second.manifest, MediaType.ociManifest);
      await assertManifest('manifests/retag', first.digest, first.manifest, MediaType.ociManifest);
    });

    test('pushing the same manifest twice is accepted both times', async () => {
      const image = await client.pushImage('manifests/twice', 'v1');
      const again = await client.pushManifest('manifests/twice', 'v1', image.manifest, MediaType.ociManifest);
      assert.equal(again.status, 201);
      assert.equal(again.header('docker-content-digest'), image.digest);
      await assertManifest('manifests/twice', 'v1', image.manifest, MediaType.ociManifest);
    });

    test('Content-Type parameters are ignored on push and not echoed on pull', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('manifests/params')));
      const reply = await client.pushManifest('manifests/params', 'v1', bytes, `${MediaType.ociManifest}; charset=utf-8`);
      assert.equal(reply.status, 201, reply.body.toString());
      await assertManifest('manifests/params', 'v1', bytes, MediaType.ociManifest);
    });

    test('an OCI manifest without a mediaType field is typed by its Content-Type', async () => {
      const { mediaType: _omitted, ...manifest } = await ociManifestIn('manifests/nomediatype');
      const bytes = Buffer.from(JSON.stringify(manifest));
      const reply = await client.pushManifest('manifests/nomediatype', 'v1', bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      await assertManifest('manifests/nomediatype', 'v1', bytes, MediaType.ociManifest);
    });
  });

  describe('manifest formats round-trip', () => {
    test('OCI image index', async () => {
      const amd64 = await client.pushImage('formats/oci-index', 'amd64');
      const arm64 = await client.pushImage('formats/oci-index', 'arm64');
      const index = await pushIndex('formats/oci-index', 'multi', [
        { image: amd64, platform: { architecture: 'amd64', os: 'linux' } },
        { image: arm64, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
      ]);
      await assertManifest('formats/oci-index', 'multi', index.bytes, MediaType.ociIndex);
      await assertManifest('formats/oci-index', index.digest, index.bytes, MediaType.ociIndex, MediaType.ociIndex);
    });

    test('Docker schema 2 manifest', async () => {
      const image = await client.pushImage('formats/docker', 'v1', { format: 'docker', indent: 3 });
      await assertManifest('formats/docker', 'v1', image.manifest, MediaType.dockerManifest, MediaType.dockerManifest);
      await assertManifest('formats/docker', image.digest, image.manifest, MediaType.dockerManifest);
    });

    test('Docker manifest list', async () => {
      const amd64 = await client.pushImage('formats/docker-list', 'amd64', { format: 'docker' });
      const arm = await client.pushImage('formats/docker-list', 'arm', { format: 'docker' });
      const list = await pushIndex(
        'formats/docker-list',
        'multi',
        [
          { image: amd64, platform: { architecture: 'amd64', os: 'linux' } },
          { image: arm, platform: { architecture: 'arm', os: 'linux', variant: 'v7' } },
        ],
        MediaType.dockerManifestList,
      );
      await assertManifest('formats/docker-list', 'multi', list.bytes, MediaType.dockerManifestList, MediaType.dockerManifestList);
      await assertManifest('formats/docker-list', list.digest, list.bytes, MediaType.dockerManifestList);
    });

    test('an artifact with the empty config is accepted without the {} blob pushed, and the {} blob is then served', async () => {
      const layer = await client.pushBlob('formats/artifact', randomBlob(256));
      const manifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/vnd.example.sbom.v1',
        config: EMPTY_DESCRIPTOR,
        layers: [descriptor(layer, 'application/vnd.example.sbom.layer.v1+json')],
        annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
      };
      const bytes = Buffer.from(JSON.stringify(manifest));
      const reply = await client.pushManifest('formats/artifact', 'sbom', bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      await assertManifest('formats/artifact', 'sbom', bytes, MediaType.ociManifest);
      const empty = await client.get(`/v2/formats/artifact/blobs/${EMPTY_JSON_DIGEST}`);
      assert.equal(empty.status, 200);
      assert.equal(empty.body.toString(), '{}');
      assert.equal(empty.header('docker-content-digest'), EMPTY_JSON_DIGEST);
      const head = await client.head(`/v2/formats/artifact/blobs/${EMPTY_JSON_DIGEST}`);
      assert.equal(head.status, 200);
      assert.equal(head.header('content-length'), '2');
    });

    test('an artifact made only of empty descriptors is accepted in a repository with no blobs', async () => {
      const manifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/vnd.example.marker.v1',
        config: EMPTY_DESCRIPTOR,
        layers: [EMPTY_DESCRIPTOR],
      };
      const bytes = Buffer.from(JSON.stringify(manifest));
      const reply = await client.pushManifest('formats/artifact-empty', 'marker', bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      await assertManifest('formats/artifact-empty', 'marker', bytes, MediaType.ociManifest);
      const empty = await client.get(`/v2/formats/artifact-empty/blobs/${EMPTY_JSON_DIGEST}`);
      assert.equal(empty.status, 200);
      assert.equal(empty.body.toString(), '{}');
    });

    test('a manifest with a subject answers OCI-Subject: <subject digest>, even when the subject does not exist', async () => {
      const subject = { mediaType: MediaType.ociManifest, digest: randomDigest(), size: 1234 };
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('formats/subject', { artifactType: 'application/vnd.example.sig.v1', subject })));
      const reply = await client.pushManifest('formats/subject', sha256(bytes), bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      assert.equal(reply.header('oci-subject'), subject.digest);
      await assertManifest('formats/subject', sha256(bytes), bytes, MediaType.ociManifest);
    });
  });

  describe('rejected manifests', () => {
    test('malformed JSON is 400 MANIFEST_INVALID', async () => {
      const valid = JSON.stringify(await ociManifestIn('reject/json'));
      for (const body of [valid.slice(0, -1), '', 'not json', '[]', '"a string"', '{"schemaVersion":2,"mediaType":"' + MediaType.ociManifest + '","config":{},"layers":[]}']) {
        const reply = await client.pushManifest('reject/json', 'v1', body, MediaType.ociManifest);
        assertOciError(reply, 400, 'MANIFEST_INVALID', JSON.stringify(body.slice(0, 40)));
      }
      assertOciError(await client.get('/v2/reject/json/manifests/v1'), 404, 'MANIFEST_UNKNOWN');
    });

    test('a Content-Type that disagrees with the mediaType in the body is 400 MANIFEST_INVALID', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('reject/contenttype')));
      assertOciError(await client.pushManifest('reject/contenttype', 'v1', bytes, MediaType.dockerManifest), 400, 'MANIFEST_INVALID', 'docker type');
      assertOciError(await client.pushManifest('reject/contenttype', 'v2', bytes, MediaType.ociIndex), 400, 'MANIFEST_INVALID', 'index type');
      assertOciError(await client.get('/v2/reject/contenttype/manifests/v1'), 404, 'MANIFEST_UNKNOWN');
    });

    test('a schemaVersion 1 manifest is 415 UNSUPPORTED', async () => {
      await client.pushBlob('reject/schema1', randomBlob(4));
      const schema1 = {
        schemaVersion: 1,
        name: 'reject/schema1',
        tag: 'v1',
        architecture: 'amd64',
        fsLayers: [{ blobSum: randomDigest() }],
        history: [{ v1Compatibility: '{}' }],
      };
      for (const type of [MediaType.dockerSchema1, MediaType.dockerSchema1Signed, 'application/json']) {
        assertOciError(await client.pushManifest('reject/schema1', 'v1', JSON.stringify(schema1), type), 415, 'UNSUPPORTED', type);
      }
    });

    test('a manifest referencing blobs not in the repository is 400 MANIFEST_BLOB_UNKNOWN, one error per missing digest', async () => {
      const config = await client.pushBlob('reject/missing', randomBlob(100));
      const present = await client.pushBlob('reject/missing', randomBlob(100));
      const missing = [randomBlob(10), randomBlob(20)];
      const manifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: descriptor(config, MediaType.ociConfig),
        layers: [descriptor(missing[0], MediaType.ociLayer), descriptor(present, MediaType.ociLayer), descriptor(missing[1], MediaType.ociLayer)],
      };
      const errors = assertOciError(await client.pushManifest('reject/missing', 'v1', manifest), 400, 'MANIFEST_BLOB_UNKNOWN');
      assert.equal(errors.length, 2);
      assert.deepEqual(errors.map((error) => error.detail?.digest).sort(), missing.map((blob) => blob.digest).sort());
      assertOciError(await client.get('/v2/reject/missing/manifests/v1'), 404, 'MANIFEST_UNKNOWN');
    });

    test('a missing config is reported as MANIFEST_BLOB_UNKNOWN too', async () => {
      const layer = await client.pushBlob('reject/missing-config', randomBlob(100));
      const config: Blob = randomBlob(50);
      const manifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: descriptor(config, MediaType.ociConfig),
        layers: [descriptor(layer, MediaType.ociLayer)],
      };
      const errors = assertOciError(await client.pushManifest('reject/missing-config', 'v1', manifest), 400, 'MANIFEST_BLOB_UNKNOWN');
      assert.deepEqual(errors.map((error) => error.detail?.digest), [config.digest]);
    });

    test('blobs of another repository do not count: 400 MANIFEST_BLOB_UNKNOWN', async () => {
      const config = await client.pushBlob('reject/elsewhere-a', randomBlob(100));
      const layer = await client.pushBlob('reject/elsewhere-a', randomBlob(100));
      await client.pushBlob('reject/elsewhere-b', randomBlob(4));
      const manifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: descriptor(config, MediaType.ociConfig), layers: [descriptor(layer, MediaType.ociLayer)] };
      const errors = assertOciError(await client.pushManifest('reject/elsewhere-b', 'v1', manifest), 400, 'MANIFEST_BLOB_UNKNOWN');
      assert.deepEqual(errors.map((error) => error.detail?.digest).sort(), [config.digest, layer.digest].sort());
    });

    test('an index referencing a child manifest not in the repository is 400 MANIFEST_BLOB_UNKNOWN', async () => {
      const present = await client.pushImage('reject/index', 'amd64');
      const absent = { mediaType: MediaType.ociManifest, digest: randomDigest(), size: 321, platform: { architecture: 'arm64', os: 'linux' } };
      const index = {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: [manifestDescriptor(present, { platform: { architecture: 'amd64', os: 'linux' } }), absent],
      };
      const errors = assertOciError(await client.pushManifest('reject/index', 'multi', index), 400, 'MANIFEST_BLOB_UNKNOWN');
      assert.deepEqual(errors.map((error) => error.detail?.digest), [absent.digest]);
      assertOciError(await client.get('/v2/reject/index/manifests/multi'), 404, 'MANIFEST_UNKNOWN');
    });

    test('a body over 4 MiB is 413 MANIFEST_INVALID; exactly 4 MiB is accepted', async () => {
      const base = await ociManifestIn('reject/large');
      const sized = (total: number) => {
        const empty = JSON.stringify({ ...base, annotations: { pad: '' } });
        return Buffer.from(JSON.stringify({ ...base, annotations: { pad: 'x'.repeat(total - empty.length) } }));
      };
      const tooLarge = sized(4 * MiB + 1);
      assert.equal(tooLarge.length, 4 * MiB + 1);
      assertOciError(await client.pushManifest('reject/large', 'big', tooLarge, MediaType.ociManifest), 413, 'MANIFEST_INVALID');
      assertOciError(await client.get('/v2/reject/large/manifests/big'), 404, 'MANIFEST_UNKNOWN');

      const limit = sized(4 * MiB);
      assert.equal(limit.length, 4 * MiB);
      const accepted = await client.pushManifest('reject/large', 'limit', limit, MediaType.ociManifest);
      assert.equal(accepted.status, 201, accepted.body.toString().slice(0, 300));
      await assertManifest('reject/large', 'limit', limit, MediaType.ociManifest);
    });

    test('a chunked body (no Content-Length) over 4 MiB is 413 MANIFEST_INVALID', async () => {
      const base = await ociManifestIn('reject/large-chunked');
      const bytes = Buffer.from(JSON.stringify({ ...base, annotations: { pad: 'y'.repeat(4 * MiB) } }));
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < bytes.length; offset += 256 * 1024) chunks.push(bytes.subarray(offset, offset + 256 * 1024));
      const reply = await rawRequest(berth.url, {
        method: 'PUT',
        path: '/v2/reject/large-chunked/manifests/big',
        headers: { 'content-type': MediaType.ociManifest },
        chunks,
      });
      assert.ok(reply);
      assertOciError(fromRaw(reply), 413, 'MANIFEST_INVALID');
      assertOciError(await client.get('/v2/reject/large-chunked/manifests/big'), 404, 'MANIFEST_UNKNOWN');
    });

    test('an invalid tag is 400 TAG_INVALID (push and pull); a 128-character tag is fine', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('reject/tag')));
      for (const tag of ['-bad', '.bad', 'a'.repeat(129), 'bad%2Fslash']) {
        assertOciError(await client.pushManifest('reject/tag', tag, bytes, MediaType.ociManifest), 400, 'TAG_INVALID', `PUT ${tag.slice(0, 20)}`);
      }
      assertOciError(await client.get('/v2/reject/tag/manifests/-bad'), 400, 'TAG_INVALID', 'GET -bad');
      assertOciError(await client.get(`/v2/reject/tag/manifests/${'a'.repeat(129)}`), 400, 'TAG_INVALID', 'GET 129 chars');
      const longest = `_${'A.b-9'.repeat(25)}xy`;
      assert.equal(longest.length, 128);
      const reply = await client.pushManifest('reject/tag', longest, bytes, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      await assertManifest('reject/tag', longest, bytes, MediaType.ociManifest);
    });

    test('a malformed digest reference is 400 DIGEST_INVALID', async () => {
      const bytes = Buffer.from(JSON.stringify(await ociManifestIn('reject/digestref')));
      assertOciError(await client.pushManifest('reject/digestref', 'sha256:abc', bytes, MediaType.ociManifest), 400, 'DIGEST_INVALID', 'PUT');
      assertOciError(await client.get('/v2/reject/digestref/manifests/sha256:abc'), 400, 'DIGEST_INVALID', 'GET');
      assertOciError(await client.get(`/v2/reject/digestref/manifests/md5:${'0'.repeat(32)}`), 400, 'DIGEST_INVALID', 'GET md5');
    });
  });

  describe('content negotiation', () => {
    test('an OCI manifest requested with Accept: docker schema 2 only is 404 MANIFEST_UNKNOWN', async () => {
      const image = await client.pushImage('negotiate/oci', 'v1');
      const accept = { accept: MediaType.dockerManifest };
      assertOciError(await client.get('/v2/negotiate/oci/manifests/v1', accept), 404, 'MANIFEST_UNKNOWN');
      assertOciError(await client.get(`/v2/negotiate/oci/manifests/${image.digest}`, accept), 404, 'MANIFEST_UNKNOWN');
      assert.equal((await client.head('/v2/negotiate/oci/manifests/v1', accept)).status, 404);
      await assertManifest('negotiate/oci', 'v1', image.manifest, MediaType.ociManifest, `${MediaType.dockerManifest}, ${MediaType.ociManifest}`);
    });

    test('a client that sends no Accept header gets the stored manifest', async () => {
      const image = await client.pushImage('negotiate/noaccept', 'v1');
      const reply = await rawRequest(berth.url, { method: 'GET', path: '/v2/negotiate/noaccept/manifests/v1' });
      assert.ok(reply);
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['content-type'], MediaType.ociManifest);
      assert.ok(reply.body.equals(image.manifest));
    });

    test('an OCI index requested by a client that accepts only single manifests is answered with its linux/amd64 child', async () => {
      const arm64 = await client.pushImage('negotiate/index', 'arm64');
      const amd64 = await client.pushImage('negotiate/index', 'amd64');
      const index = await pushIndex('negotiate/index', 'multi', [
        { image: arm64, platform: { architecture: 'arm64', os: 'linux' } },
        { image: amd64, platform: { architecture: 'amd64', os: 'linux' } },
      ]);
      const reply = await client.get('/v2/negotiate/index/manifests/multi', { accept: MediaType.ociManifest });
      assert.equal(reply.status, 200, reply.body.toString());
      assert.equal(reply.header('content-type'), MediaType.ociManifest);
      assert.equal(reply.header('docker-content-digest'), amd64.digest);
      assert.ok(reply.body.equals(amd64.manifest));
      await assertManifest('negotiate/index', 'multi', index.bytes, MediaType.ociIndex, `${MediaType.ociManifest}, ${MediaType.ociIndex}`);
    });

    test('a Docker manifest list requested with Accept: docker schema 2 only is answered with its linux/amd64 child', async () => {
      const amd64 = await client.pushImage('negotiate/list', 'amd64', { format: 'docker' });
      const arm = await client.pushImage('negotiate/list', 'arm', { format: 'docker' });
      const list = await pushIndex(
        'negotiate/list',
        'multi',
        [
          { image: amd64, platform: { architecture: 'amd64', os: 'linux' } },
          { image: arm, platform: { architecture: 'arm', os: 'linux', variant: 'v7' } },
        ],
        MediaType.dockerManifestList,
      );
      const reply = await client.get(`/v2/negotiate/list/manifests/${list.digest}`, { accept: MediaType.dockerManifest });
      assert.equal(reply.status, 200, reply.body.toString());
      assert.equal(reply.header('content-type'), MediaType.dockerManifest);
      assert.equal(reply.header('docker-content-digest'), amd64.digest);
      assert.ok(reply.body.equals(amd64.manifest));
    });

    test('an index without a linux/amd64 child requested by a single-manifest client is 404 MANIFEST_UNKNOWN', async () => {
      const arm64 = await client.pushImage('negotiate/noamd64', 'arm64');
      await pushIndex('negotiate/noamd64', 'multi', [{ image: arm64, platform: { architecture: 'arm64', os: 'linux' } }]);
      assertOciError(await client.get('/v2/negotiate/noamd64/manifests/multi', { accept: MediaType.ociManifest }), 404, 'MANIFEST_UNKNOWN');
    });
  });

  describe('deletion', () => {
    test('DELETE by tag answers 202: the tag is gone, the manifest still pulls by digest', async () => {
      const image = await client.pushImage('delete/tag', 'v1');
      assert.equal((await client.pushManifest('delete/tag', 'v2', image.manifest, MediaType.ociManifest)).status, 201);
      const reply = await client.delete('/v2/delete/tag/manifests/v1');
      assert.equal(reply.status, 202);
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      assertOciError(await client.get('/v2/delete/tag/manifests/v1'), 404, 'MANIFEST_UNKNOWN');
      await assertManifest('delete/tag', image.digest, image.manifest, MediaType.ociManifest);
      await assertManifest('delete/tag', 'v2', image.manifest, MediaType.ociManifest);
      assert.deepEqual((await client.get('/v2/delete/tag/tags/list')).json().tags, ['v2']);
    });

    test('DELETE by digest answers 202: the manifest and all its tags are 404 MANIFEST_UNKNOWN', async () => {
      const image = await client.pushImage('delete/digest', 'v1');
      assert.equal((await client.pushManifest('delete/digest', 'latest', image.manifest, MediaType.ociManifest)).status, 201);
      const other = await client.pushImage('delete/digest', 'other');
      const reply = await client.delete(`/v2/delete/digest/manifests/${image.digest}`);
      assert.equal(reply.status, 202);
      for (const reference of [image.digest, 'v1', 'latest']) {
        assertOciError(await client.get(`/v2/delete/digest/manifests/${reference}`), 404, 'MANIFEST_UNKNOWN', reference);
        assert.equal((await client.head(`/v2/delete/digest/manifests/${reference}`)).status, 404, reference);
      }
      assert.deepEqual((await client.get('/v2/delete/digest/tags/list')).json().tags, ['other']);
      await assertManifest('delete/digest', 'other', other.manifest, MediaType.ociManifest);
      assertOciError(await client.delete(`/v2/delete/digest/manifests/${image.digest}`), 404, 'MANIFEST_UNKNOWN', 'deleting twice');
    });

    test('deleting a manifest that an index of the repository lists is 405 UNSUPPORTED until the index is gone', async () => {
      const amd64 = await client.pushImage('delete/child', 'amd64');
      const index = await pushIndex('delete/child', 'multi', [{ image: amd64, platform: { architecture: 'amd64', os: 'linux' } }]);
      assertOciError(await client.delete(`/v2/delete/child/manifests/${amd64.digest}`), 405, 'UNSUPPORTED');
      await assertManifest('delete/child', amd64.digest, amd64.manifest, MediaType.ociManifest);
      await assertManifest('delete/child', 'multi', index.bytes, MediaType.ociIndex);
      assert.equal((await client.delete(`/v2/delete/child/manifests/${index.digest}`)).status, 202);
      assert.equal((await client.delete(`/v2/delete/child/manifests/${amd64.digest}`)).status, 202);
      assertOciError(await client.get(`/v2/delete/child/manifests/${amd64.digest}`), 404, 'MANIFEST_UNKNOWN');
    });

    test('an unknown tag or digest is 404 MANIFEST_UNKNOWN for GET, HEAD and DELETE', async () => {
      await client.pushImage('delete/unknown', 'v1');
      for (const reference of ['nope', randomDigest()]) {
        assertOciError(await client.get(`/v2/delete/unknown/manifests/${reference}`), 404, 'MANIFEST_UNKNOWN', `GET ${reference}`);
        const head = await client.head(`/v2/delete/unknown/manifests/${reference}`);
        assert.equal(head.status, 404);
        assert.equal(head.body.length, 0);
        assertOciError(await client.delete(`/v2/delete/unknown/manifests/${reference}`), 404, 'MANIFEST_UNKNOWN', `DELETE ${reference}`);
      }
    });

    test('manifests of a repository that does not exist are 404 NAME_UNKNOWN', async () => {
      for (const reply of [await client.get('/v2/delete/never/manifests/v1'), await client.delete(`/v2/delete/never/manifests/${randomDigest()}`)]) {
        const errors = assertOciError(reply, 404, 'NAME_UNKNOWN');
        assert.match(errors[0].message, NAME_UNKNOWN_MESSAGE('delete/never'));
      }
      assert.equal((await client.head('/v2/delete/never/manifests/v1')).status, 404);
    });
  });
});
