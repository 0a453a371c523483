// The referrers API (distribution spec "Listing Referrers", "Pushing Manifests with Subject") against a
// running `berth serve`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import {
  API_VERSION_HEADER,
  EMPTY_DESCRIPTOR,
  MediaType,
  OciClient,
  assertOciError,
  blobOf,
  descriptor,
  manifestDescriptor,
  randomBlob,
  randomDigest,
  sha256,
  type Descriptor,
  type PushedImage,
} from './oci-client.js';

const SBOM = 'application/vnd.example.sbom.v1';
const SIGNATURE_CONFIG = 'application/vnd.example.signature.config.v1+json';
const BUNDLE = 'application/vnd.example.bundle.v1';

interface Pushed {
  bytes: Buffer;
  digest: string;
  /** The descriptor the referrers API must report for it. */
  expected: Record<string, unknown>;
}

describe('referrers', () => {
  let berth: BerthProcess;
  let client: OciClient;
  const repository = 'ref/app';
  let subjectImage: PushedImage;
  let subject: Descriptor;
  const referrers: Record<string, Pushed> = {};

  /** PUTs a manifest by digest, asserts 201 and OCI-Subject when it has a subject. */
  async function push(repo: string, manifest: Record<string, any>, mediaType: string): Promise<{ bytes: Buffer; digest: string }> {
    const bytes = Buffer.from(JSON.stringify(manifest));
    const digest = sha256(bytes);
    const reply = await client.pushManifest(repo, digest, bytes, mediaType);
    assert.equal(reply.status, 201, reply.body.toString());
    if (manifest.subject) assert.equal(reply.header('oci-subject'), manifest.subject.digest);
    return { bytes, digest };
  }

  async function listReferrers(repo: string, digest: string, query = '') {
    const reply = await client.get(`/v2/${repo}/referrers/${digest}${query}`);
    assert.equal(reply.status, 200, reply.body.toString());
    assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
    // The exact Content-Type is asserted in its own test, so a wrong one does not hide the rest.
    assert.equal(reply.header('content-type')?.split(';')[0], MediaType.ociIndex);
    const index = reply.json();
    assert.equal(index.schemaVersion, 2);
    assert.equal(index.mediaType, MediaType.ociIndex);
    assert.ok(Array.isArray(index.manifests));
    return { reply, manifests: index.manifests as Record<string, unknown>[] };
  }

  const byDigest = (list: Record<string, unknown>[]) => [...list].sort((a, b) => String(a.digest).localeCompare(String(b.digest)));

  before(async () => {
    berth = await startBerth();
    client = new OciClient(berth.url);
    subjectImage = await client.pushImage(repository, 'v1');
    subject = manifestDescriptor(subjectImage);

    // An artifact with its own artifactType and annotations.
    const sbomLayer = await client.pushBlob(repository, blobOf('{"sbom":true}'));
    const sbomAnnotations = { 'org.opencontainers.image.created': '2024-01-01T14:42:55Z', 'org.example.sbom.format': 'json' };
    const sbom = await push(
      repository,
      { schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: SBOM, config: EMPTY_DESCRIPTOR, layers: [descriptor(sbomLayer, 'application/json')], subject, annotations: sbomAnnotations },
      MediaType.ociManifest,
    );
    referrers.sbom = { ...sbom, expected: { mediaType: MediaType.ociManifest, digest: sbom.digest, size: sbom.bytes.length, artifactType: SBOM, annotations: sbomAnnotations } };

    // No artifactType: the config media type stands in for it.
    const signatureConfig = await client.pushBlob(repository, blobOf('{"sig":1}'));
    const signatureLayer = await client.pushBlob(repository, randomBlob(64));
    const signatureAnnotations = { 'org.example.signature.fingerprint': 'abcd' };
    const signature = await push(
      repository,
      {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: descriptor(signatureConfig, SIGNATURE_CONFIG),
        layers: [descriptor(signatureLayer, 'application/octet-stream')],
        subject,
        annotations: signatureAnnotations,
      },
      MediaType.ociManifest,
    );
    referrers.signature = {
      ...signature,
      expected: { mediaType: MediaType.ociManifest, digest: signature.digest, size: signature.bytes.length, artifactType: SIGNATURE_CONFIG, annotations: signatureAnnotations },
    };

    // An index without artifactType: the descriptor has none.
    const indexAnnotations = { 'org.opencontainers.image.created': '2023-01-01T07:21:33Z' };
    const plainIndex = await push(repository, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [], subject, annotations: indexAnnotations }, MediaType.ociIndex);
    referrers.plainIndex = { ...plainIndex, expected: { mediaType: MediaType.ociIndex, digest: plainIndex.digest, size: plainIndex.bytes.length, annotations: indexAnnotations } };

    // An index with an artifactType and no annotations.
    const bundle = await push(repository, { schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: BUNDLE, manifests: [], subject }, MediaType.ociIndex);
    referrers.bundle = { ...bundle, expected: { mediaType: MediaType.ociIndex, digest: bundle.digest, size: bundle.bytes.length, artifactType: BUNDLE } };

    // Noise: a referrer of something else, and a referrer of the same digest in another repository.
    await push(repository, { schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: SBOM, config: EMPTY_DESCRIPTOR, layers: [EMPTY_DESCRIPTOR], subject: { ...subject, digest: randomDigest() } }, MediaType.ociManifest);
    await push('ref/other', { schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: SBOM, config: EMPTY_DESCRIPTOR, layers: [EMPTY_DESCRIPTOR], subject }, MediaType.ociManifest);
  });
  after(async () => {
    await berth?.stop();
  });

  test('GET /v2/<name>/referrers/<digest> answers 200 with an index of exactly the referrers of that digest', async () => {
    const { manifests } = await listReferrers(repository, subject.digest);
    assert.deepEqual(byDigest(manifests), byDigest(Object.values(referrers).map((referrer) => referrer.expected)));
  });

  test('the response Content-Type is exactly application/vnd.oci.image.index.v1+json', async () => {
    for (const query of ['', `?artifactType=${encodeURIComponent(SBOM)}`]) {
      const reply = await client.get(`/v2/${repository}/referrers/${subject.digest}${query}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.header('content-type'), MediaType.ociIndex, `GET referrers${query}`);
    }
  });

  test('artifactType is the manifest’s own, else its config mediaType, and is omitted for an index without one', async () => {
    const { manifests } = await listReferrers(repository, subject.digest);
    const find = (digest: string) => manifests.find((entry) => entry.digest === digest);
    assert.equal(find(referrers.sbom.digest)?.artifactType, SBOM);
    assert.equal(find(referrers.signature.digest)?.artifactType, SIGNATURE_CONFIG);
    assert.ok(find(referrers.plainIndex.digest), 'the plain index is listed');
    assert.ok(!('artifactType' in find(referrers.plainIndex.digest)!), 'no artifactType for an index without one');
    assert.equal(find(referrers.bundle.digest)?.artifactType, BUNDLE);
  });

  test('a digest nothing refers to answers 200 with manifests: []', async () => {
    for (const digest of [referrers.sbom.digest, randomDigest()]) {
      const { manifests, reply } = await listReferrers(repository, digest);
      assert.deepEqual(manifests, []);
      assert.equal(reply.header('oci-filters-applied'), null);
    }
  });

  test('?artifactType= filters and answers OCI-Filters-Applied: artifactType', async () => {
    const sbom = await listReferrers(repository, subject.digest, `?artifactType=${encodeURIComponent(SBOM)}`);
    assert.equal(sbom.reply.header('oci-filters-applied'), 'artifactType');
    assert.deepEqual(sbom.manifests, [referrers.sbom.expected]);

    const signature = await listReferrers(repository, subject.digest, `?artifactType=${encodeURIComponent(SIGNATURE_CONFIG)}`);
    assert.equal(signature.reply.header('oci-filters-applied'), 'artifactType');
    assert.deepEqual(signature.manifests, [referrers.signature.expected]);

    const none = await listReferrers(repository, subject.digest, `?artifactType=${encodeURIComponent('application/vnd.example.none')}`);
    assert.equal(none.reply.header('oci-filters-applied'), 'artifactType');
    assert.deepEqual(none.manifests, []);
  });

  test('without a filter there is no OCI-Filters-Applied header', async () => {
    const { reply } = await listReferrers(repository, subject.digest);
    assert.equal(reply.header('oci-filters-applied'), null);
  });

  test('an invalid digest is 400 DIGEST_INVALID', async () => {
    for (const digest of ['sha256:abc', 'latest', `md5:${'0'.repeat(32)}`]) {
      assertOciError(await client.get(`/v2/${repository}/referrers/${digest}`), 400, 'DIGEST_INVALID', digest);
    }
  });

  test('a referrer pushed before its subject is listed, and still listed once the subject arrives', async () => {
    const later = await client.pushBlob('ref/early', randomBlob(300));
    const laterConfig = await client.pushBlob('ref/early', blobOf('{"arch":"amd64"}'));
    const subjectManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: descriptor(laterConfig, MediaType.ociConfig),
      layers: [descriptor(later, MediaType.ociLayer)],
    };
    const subjectBytes = Buffer.from(JSON.stringify(subjectManifest));
    const earlySubject = { mediaType: MediaType.ociManifest, digest: sha256(subjectBytes), size: subjectBytes.length };
    const artifact = await push('ref/early', { schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: SBOM, config: EMPTY_DESCRIPTOR, layers: [EMPTY_DESCRIPTOR], subject: earlySubject }, MediaType.ociManifest);
    const expected = [{ mediaType: MediaType.ociManifest, digest: artifact.digest, size: artifact.bytes.length, artifactType: SBOM }];

    assert.deepEqual((await listReferrers('ref/early', earlySubject.digest)).manifests, expected);
    const pushed = await client.pushManifest('ref/early', 'v1', subjectBytes, MediaType.ociManifest);
    assert.equal(pushed.status, 201);
    assert.deepEqual((await listReferrers('ref/early', earlySubject.digest)).manifests, expected);
  });

  test('referrers are scoped to the repository', async () => {
    const other = await listReferrers('ref/other', subject.digest);
    assert.equal(other.manifests.length, 1);
    assert.ok(!Object.values(referrers).some((referrer) => referrer.digest === other.manifests[0].digest));
  });

  test('a deleted referrer is no longer listed', async () => {
    const repo = 'ref/deleted';
    const image = await client.pushImage(repo, 'v1');
    const target = manifestDescriptor(image);
    const keep = await push(repo, { schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: SBOM, config: EMPTY_DESCRIPTOR, layers: [EMPTY_DESCRIPTOR], subject: target, annotations: { n: '1' } }, MediaType.ociManifest);
    const doomed = await push(repo, { schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: SBOM, config: EMPTY_DESCRIPTOR, layers: [EMPTY_DESCRIPTOR], subject: target, annotations: { n: '2' } }, MediaType.ociManifest);
    assert.equal((await listReferrers(repo, image.digest)).manifests.length, 2);
    assert.equal((await client.delete(`/v2/${repo}/manifests/${doomed.digest}`)).status, 202);
    assert.deepEqual((await listReferrers(repo, image.digest)).manifests.map((entry) => entry.digest), [keep.digest]);
  });
});
