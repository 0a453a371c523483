// ECR Public images and layers through `aws ecr-public` alone: the layer upload operations,
// put-image, describe-images, describe-image-tags and batch-delete-image — the same image and layer
// services as ECR's, on a public repository, answering in the caller's names. `--registry-id` may be
// the account or its alias (RegistryIdOrAlias).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliErrorType } from '../ecr/ecr-harness.js';
import { startPublicBerth, type PublicBerth } from './public-harness.js';

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('ECR Public images and layers (aws ecr-public)', () => {
  let berth: PublicBerth;
  let scratch: string;
  let accountId: string;
  let alias: string;

  before(async () => {
    berth = await startPublicBerth();
    scratch = await mkdtemp(join(tmpdir(), 'berth-ecr-public-images-'));
    const created = await berth.ecrPublic(['create-repository', '--repository-name', 'apps/api']);
    assert.equal(created.status, 0, created.stderr);
    accountId = created.json.repository.registryId;
    alias = (await berth.ecrPublic(['describe-registries'])).json.registries[0].aliases[0].name;
  });
  after(async () => {
    await berth?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** initiate-layer-upload → upload-layer-part (fileb://) → complete-layer-upload, addressing the registry as `registryId`. */
  async function uploadLayer(bytes: Buffer, registryId: string): Promise<string> {
    const started = await berth.ecrPublic(['initiate-layer-upload', '--registry-id', registryId, '--repository-name', 'apps/api']);
    assert.equal(started.status, 0, started.stderr);
    const file = join(scratch, sha256(bytes).slice(7));
    await writeFile(file, bytes);
    const part = await berth.ecrPublic([
      'upload-layer-part',
      '--registry-id',
      registryId,
      '--repository-name',
      'apps/api',
      '--upload-id',
      started.json.uploadId,
      '--part-first-byte',
      '0',
      '--part-last-byte',
      String(bytes.length - 1),
      '--layer-part-blob',
      `fileb://${file}`,
    ]);
    assert.equal(part.status, 0, part.stderr);
    assert.deepEqual(part.json, { registryId: accountId, repositoryName: 'apps/api', uploadId: started.json.uploadId, lastByteReceived: bytes.length - 1 });
    const completed = await berth.ecrPublic(['complete-layer-upload', '--registry-id', registryId, '--repository-name', 'apps/api', '--upload-id', started.json.uploadId, '--layer-digests', sha256(bytes)]);
    assert.equal(completed.status, 0, completed.stderr);
    assert.equal(completed.json.layerDigest, sha256(bytes));
    return sha256(bytes);
  }

  test('layers uploaded through the API, an image put by tag, described by image and by tag, then deleted by tag', async () => {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
    const layer = randomBytes(70_000);
    const configDigest = await uploadLayer(config, alias);
    const layerDigest = await uploadLayer(layer, accountId);

    const check = await berth.ecrPublic(['batch-check-layer-availability', '--repository-name', 'apps/api', '--layer-digests', layerDigest, `sha256:${'0'.repeat(64)}`, 'nonsense']);
    assert.equal(check.status, 0, check.stderr);
    assert.deepEqual(check.json.layers, [{ layerDigest, layerAvailability: 'AVAILABLE', layerSize: layer.length }]);
    assert.deepEqual(check.json.failures.map((failure: { failureCode: string }) => failure.failureCode), ['MissingLayerDigest', 'InvalidLayerDigest']);

    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
    });
    const manifestFile = join(scratch, 'manifest.json');
    await writeFile(manifestFile, manifest);
    const put = await berth.ecrPublic(['put-image', '--repository-name', 'apps/api', '--image-manifest', `file://${manifestFile}`, '--image-tag', 'v1']);
    assert.equal(put.status, 0, put.stderr);
    const digest = sha256(Buffer.from(manifest));
    assert.deepEqual(put.json.image, {
      registryId: accountId,
      repositoryName: 'apps/api',
      imageId: { imageDigest: digest, imageTag: 'v1' },
      imageManifest: manifest,
      imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
    });
    const retag = await berth.ecrPublic(['put-image', '--registry-id', alias, '--repository-name', 'apps/api', '--image-manifest', `file://${manifestFile}`, '--image-tag', 'latest']);
    assert.equal(retag.status, 0, retag.stderr);

    const images = await berth.ecrPublic(['describe-images', '--repository-name', 'apps/api']);
    assert.equal(images.status, 0, images.stderr);
    assert.equal(images.json.imageDetails.length, 1);
    const { imagePushedAt, ...detail } = images.json.imageDetails[0];
    assert.deepEqual(detail, {
      registryId: accountId,
      repositoryName: 'apps/api',
      imageDigest: digest,
      imageTags: ['latest', 'v1'],
      imageSizeInBytes: layer.length,
      imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactMediaType: 'application/vnd.oci.image.config.v1+json',
    });
    assert.ok(Math.abs(imagePushedAt - Date.now() / 1000) < 300);

    const tags = await berth.ecrPublic(['describe-image-tags', '--repository-name', 'apps/api', '--page-size', '1']);
    assert.equal(tags.status, 0, tags.stderr);
    assert.deepEqual(tags.json.imageTagDetails.map((tag: { imageTag: string }) => tag.imageTag), ['latest', 'v1'], 'every page, by tag');
    for (const tag of tags.json.imageTagDetails) {
      assert.equal(tag.imageDetail.imageDigest, digest);
      assert.equal(tag.imageDetail.imageSizeInBytes, layer.length);
      assert.ok(tag.createdAt >= imagePushedAt - 1);
    }

    const deleted = await berth.ecrPublic(['batch-delete-image', '--repository-name', 'apps/api', '--image-ids', 'imageTag=v1', 'imageTag=absent']);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.deepEqual(deleted.json.imageIds, [{ imageDigest: digest, imageTag: 'v1' }]);
    assert.deepEqual(deleted.json.failures.map((failure: { failureCode: string }) => failure.failureCode), ['ImageNotFound']);
    const remaining = await berth.ecrPublic(['describe-image-tags', '--repository-name', 'apps/api']);
    assert.deepEqual(remaining.json.imageTagDetails.map((tag: { imageTag: string }) => tag.imageTag), ['latest']);
  });

  test('errors name the repository and the registry as the caller does', async () => {
    const missingImage = await berth.ecrPublic(['describe-images', '--repository-name', 'apps/api', '--image-ids', 'imageTag=nope']);
    assert.equal(cliErrorType(missingImage), 'ImageNotFoundException');
    assert.match(missingImage.stderr, new RegExp(`repository with name 'apps/api' in the registry with id '${accountId}'`));
    const missingRepository = await berth.ecrPublic(['describe-image-tags', '--repository-name', 'apps/none']);
    assert.equal(cliErrorType(missingRepository), 'RepositoryNotFoundException');
    const missingLayers = await berth.ecrPublic(['put-image', '--repository-name', 'apps/api', '--image-manifest', JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'1'.repeat(64)}`, size: 2 },
      layers: [],
    })]);
    assert.equal(cliErrorType(missingLayers), 'LayersNotFoundException');
    const unknownAlias = await berth.ecrPublic(['initiate-layer-upload', '--registry-id', 'nosuchalias', '--repository-name', 'apps/api']);
    assert.equal(cliErrorType(unknownAlias), 'RegistryNotFoundException');
    const foreign = await berth.ecrPublic(['initiate-layer-upload', '--registry-id', '999999999999', '--repository-name', 'apps/api']);
    assert.equal(cliErrorType(foreign), 'AccessDeniedException');
    const badUpload = await berth.ecrPublic(['complete-layer-upload', '--repository-name', 'apps/api', '--upload-id', '00000000-0000-0000-0000-000000000000', '--layer-digests', `sha256:${'2'.repeat(64)}`]);
    assert.equal(cliErrorType(badUpload), 'UploadNotFoundException');
  });
});
