import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaTypes } from '../media-types.js';
import { isRegistryError } from '../registry-error.js';
import { parseManifest, referencedContent, referrerArtifactType } from './parse-manifest.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
const ociImage = {
  schemaVersion: 2,
  mediaType: mediaTypes.ociManifest,
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest('a'), size: 10 },
  layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest('b'), size: 20 }],
};

test('an OCI image manifest yields its config and layers as references', () => {
  const manifest = parseManifest(bytes(ociImage), mediaTypes.ociManifest);
  assert.equal(manifest.kind, 'image');
  assert.deepEqual(
    referencedContent(manifest).blobs.map((blob) => blob.digest),
    [digest('a'), digest('b')],
  );
  assert.equal(referrerArtifactType(manifest), 'application/vnd.oci.image.config.v1+json');
});

test('an index yields its children as manifest references; the body decides when Content-Type is generic', () => {
  const index = { schemaVersion: 2, manifests: [{ mediaType: mediaTypes.ociManifest, digest: digest('c'), size: 5, platform: { os: 'linux', architecture: 'arm64' } }] };
  const manifest = parseManifest(bytes(index), 'application/json');
  assert.equal(manifest.mediaType, mediaTypes.ociIndex);
  assert.deepEqual(referencedContent(manifest).manifests.map((child) => child.digest), [digest('c')]);
});

test('Docker foreign layers with urls are not required in the registry', () => {
  const docker = {
    schemaVersion: 2,
    mediaType: mediaTypes.dockerManifest,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: digest('a'), size: 1 },
    layers: [{ mediaType: mediaTypes.dockerForeignLayer, digest: digest('d'), size: 1, urls: ['https://example.com/layer'] }],
  };
  assert.deepEqual(referencedContent(parseManifest(bytes(docker), mediaTypes.dockerManifest)).blobs.map((blob) => blob.digest), [digest('a')]);
});

test('an artifact reports its artifactType and subject', () => {
  const artifact = { ...ociImage, artifactType: 'application/vnd.example.sbom', subject: { mediaType: mediaTypes.ociManifest, digest: digest('e'), size: 3 } };
  const manifest = parseManifest(bytes(artifact), undefined);
  assert.equal(referrerArtifactType(manifest), 'application/vnd.example.sbom');
  assert.equal(manifest.subject?.digest, digest('e'));
});

test('invalid manifests say what is wrong', () => {
  const cases: [unknown, string | undefined, RegExp][] = [
    ['{not json', undefined, /not valid JSON/],
    [[], undefined, /JSON object/],
    [{ ...ociImage, schemaVersion: 3 }, undefined, /schemaVersion/],
    [ociImage, mediaTypes.dockerManifest, /does not match/],
    [{ ...ociImage, config: { mediaType: 'x', digest: 'sha256:nothex', size: 1 } }, undefined, /config.digest/],
    [{ ...ociImage, layers: [{ mediaType: 'x', digest: digest('a'), size: -1 }] }, undefined, /layers\[0\].size/],
    [{ ...ociImage, layers: 'no' }, undefined, /layers must be a list/],
    [{ ...ociImage, mediaType: 'application/vnd.unknown+json' }, undefined, /unsupported manifest media type/],
    [{ ...ociImage, annotations: { a: 1 } }, undefined, /annotations/],
    [{ schemaVersion: 2 }, undefined, /cannot tell/],
  ];
  for (const [body, contentType, message] of cases) {
    const raw = typeof body === 'string' ? Buffer.from(body) : bytes(body);
    assert.throws(() => parseManifest(raw, contentType), (error) => isRegistryError(error, 'manifest-invalid') && message.test(error.message), String(message));
  }
});

test('Docker schema 1 is refused as unsupported', () => {
  assert.throws(
    () => parseManifest(bytes({ schemaVersion: 1, name: 'x', tag: 'y', fsLayers: [] }), mediaTypes.dockerSchema1Signed),
    (error) => isRegistryError(error, 'manifest-unsupported'),
  );
});
