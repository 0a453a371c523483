// ECR image operations (ListImages, DescribeImages, BatchGetImage, BatchDeleteImage, PutImage,
// PutImageTagMutability) through the unchanged AWS CLI and @aws-sdk/client-ecr, against images pushed
// over /v2/ with an ECR token, as `docker push` after `aws ecr get-login-password` would.
import {
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ListImagesCommand,
  PutImageCommand,
  PutImageTagMutabilityCommand,
  paginateDescribeImages,
  paginateListImages,
  type ECRClient,
  type ImageIdentifier,
} from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MediaType, OciClient, assertOciError, blobOf, descriptor, randomBlob, randomDigest, sha256, type Blob, type RequestOptions } from '../oci/oci-client.js';
import { cliErrorType, startEcrBerth, type AwsResult, type EcrBerth } from './ecr-harness.js';

/** The /v2/ client of the OCI suites, sending the ECR token on every request. */
class TokenOciClient extends OciClient {
  constructor(
    baseUrl: string,
    private readonly authorization: string,
  ) {
    super(baseUrl);
  }

  override request(method: string, path: string, options: RequestOptions = {}) {
    return super.request(method, path, { ...options, headers: { authorization: this.authorization, ...options.headers } });
  }
}

interface Image {
  bytes: Buffer;
  digest: string;
  mediaType: string;
  layers: Blob[];
  config: Blob;
}

const seconds = (ms: number) => ms / 1000;

describe('ECR images', () => {
  let berth: EcrBerth;
  let client: TokenOciClient;
  let ecr: ECRClient;
  let registryId: string;

  before(async () => {
    berth = await startEcrBerth();
    const password = await berth.aws(['get-login-password']);
    assert.equal(password.status, 0, password.stderr);
    client = new TokenOciClient(berth.url, `Basic ${Buffer.from(`AWS:${password.stdout.trim()}`).toString('base64')}`);
    ecr = berth.sdk();
    registryId = (await ecr.send(new CreateRepositoryCommand({ repositoryName: 'images/app' }))).repository!.registryId!;
  });
  after(async () => {
    ecr?.destroy();
    await berth?.stop();
  });

  /** Pushes config and layers, then returns the manifest (not yet pushed), indented so its bytes are distinctive. */
  async function buildImage(repository: string, format: 'oci' | 'docker' = 'oci'): Promise<Image> {
    const docker = format === 'docker';
    const config = blobOf(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, nonce: Math.random() }));
    const layers = [randomBlob(1000), randomBlob(234)];
    for (const blob of [config, ...layers]) await client.pushBlob(repository, blob);
    const mediaType = docker ? MediaType.dockerManifest : MediaType.ociManifest;
    const manifest = {
      schemaVersion: 2,
      mediaType,
      config: descriptor(config, docker ? MediaType.dockerConfig : MediaType.ociConfig),
      layers: layers.map((layer) => descriptor(layer, docker ? MediaType.dockerLayer : MediaType.ociLayer)),
    };
    const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
    return { bytes, digest: sha256(bytes), mediaType, layers, config };
  }

  /** Pushes a manifest under each reference (a tag or its digest) over /v2/. */
  async function push(repository: string, image: Pick<Image, 'bytes' | 'mediaType'>, ...references: string[]): Promise<void> {
    for (const reference of references) {
      const reply = await client.pushManifest(repository, reference, image.bytes, image.mediaType);
      assert.equal(reply.status, 201, `push ${repository}:${reference}: ${reply.body.toString()}`);
    }
  }

  async function pushImage(repository: string, tags: string[], format: 'oci' | 'docker' = 'oci'): Promise<Image> {
    const image = await buildImage(repository, format);
    await push(repository, image, ...(tags.length > 0 ? tags : [image.digest]));
    return image;
  }

  /** Two untagged platform images and an index listing them, tagged `tag`. */
  async function pushIndex(repository: string, tag: string) {
    const children = [await pushImage(repository, []), await pushImage(repository, [])];
    const platforms = [{ architecture: 'amd64', os: 'linux' }, { architecture: 'arm64', os: 'linux' }];
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: children.map((child, i) => ({ mediaType: child.mediaType, digest: child.digest, size: child.bytes.length, platform: platforms[i] })),
    };
    const bytes = Buffer.from(JSON.stringify(index));
    await push(repository, { bytes, mediaType: MediaType.ociIndex }, tag);
    return { children, index: { bytes, digest: sha256(bytes), mediaType: MediaType.ociIndex } };
  }

  async function createRepository(repositoryName: string) {
    await ecr.send(new CreateRepositoryCommand({ repositoryName }));
  }

  function ok(result: AwsResult): any {
    assert.equal(result.status, 0, result.stderr);
    return result.json;
  }

  function failsWith(result: AwsResult, type: string, message?: RegExp): void {
    assert.notEqual(result.status, 0, `expected ${type}, got ${result.stdout}`);
    assert.equal(cliErrorType(result), type, result.stderr);
    if (message) assert.match(result.stderr, message);
  }

  const idKey = (id: ImageIdentifier) => `${id.imageDigest}|${id.imageTag ?? ''}`;

  describe('on a repository with tagged, untagged, Docker and multi-platform images', () => {
    let tagged: Image;
    let docker: Image;
    let untagged: Image;
    let multi: Awaited<ReturnType<typeof pushIndex>>;

    before(async () => {
      tagged = await pushImage('images/app', ['v1', 'latest']);
      docker = await pushImage('images/app', ['v2'], 'docker');
      untagged = await pushImage('images/app', []);
      multi = await pushIndex('images/app', 'multi');
    });

    test('list-images gives one id per tag and the digest alone for untagged images; tagStatus filters', async () => {
      const all = ok(await berth.aws(['list-images', '--repository-name', 'images/app'])).imageIds as ImageIdentifier[];
      const expectedTagged = [
        { imageDigest: tagged.digest, imageTag: 'latest' },
        { imageDigest: tagged.digest, imageTag: 'v1' },
        { imageDigest: docker.digest, imageTag: 'v2' },
        { imageDigest: multi.index.digest, imageTag: 'multi' },
      ];
      const expectedUntagged = [untagged, ...multi.children].map((image) => ({ imageDigest: image.digest }));
      assert.deepEqual(all.map(idKey).sort(), [...expectedTagged, ...expectedUntagged].map(idKey).sort());
      const onlyTagged = ok(await berth.aws(['list-images', '--repository-name', 'images/app', '--filter', 'tagStatus=TAGGED'])).imageIds;
      assert.deepEqual(onlyTagged.map(idKey).sort(), expectedTagged.map(idKey).sort());
      const onlyUntagged = (await ecr.send(new ListImagesCommand({ repositoryName: 'images/app', filter: { tagStatus: 'UNTAGGED' } }))).imageIds!;
      assert.deepEqual(onlyUntagged.map(idKey).sort(), expectedUntagged.map(idKey).sort());
      const archived = await ecr.send(new ListImagesCommand({ repositoryName: 'images/app', filter: { imageStatus: 'ARCHIVED' } }));
      assert.deepEqual(archived.imageIds ?? [], [], 'Berth archives nothing');
      failsWith(
        await berth.aws(['list-images', '--repository-name', 'images/missing']),
        'RepositoryNotFoundException',
        /The repository with name 'images\/missing' does not exist in the registry with id '\d{12}'/,
      );
    });

    test('describe-images reports each image in the model shape: sizes, push and media types, tags; untagged images have no imageTags', async () => {
      const details = ok(await berth.aws(['describe-images', '--repository-name', 'images/app'])).imageDetails as any[];
      assert.equal(details.length, 6);
      const byDigest = new Map(details.map((detail) => [detail.imageDigest, detail]));
      const image = byDigest.get(tagged.digest);
      assert.equal(image.registryId, registryId);
      assert.equal(image.repositoryName, 'images/app');
      assert.deepEqual(image.imageTags, ['latest', 'v1']);
      assert.equal(image.imageSizeInBytes, 1000 + 234, 'the layers in total');
      assert.equal(typeof image.imagePushedAt, 'number');
      assert.ok(Math.abs(image.imagePushedAt - seconds(Date.now())) < 300, 'imagePushedAt is epoch seconds of the push');
      assert.equal(image.imageManifestMediaType, MediaType.ociManifest);
      assert.equal(image.artifactMediaType, MediaType.ociConfig, 'artifactMediaType is the config media type');
      assert.equal(byDigest.get(docker.digest).artifactMediaType, MediaType.dockerConfig);
      assert.equal(byDigest.get(docker.digest).imageManifestMediaType, MediaType.dockerManifest);
      assert.equal(byDigest.get(untagged.digest).imageTags, undefined);
      const index = byDigest.get(multi.index.digest);
      assert.equal(index.imageManifestMediaType, MediaType.ociIndex);
      assert.equal(index.imageSizeInBytes, 1234, "an index's size is its largest child's");
      assert.equal(index.artifactMediaType, undefined);

      const untaggedOnly = ok(await berth.aws(['describe-images', '--repository-name', 'images/app', '--filter', 'tagStatus=UNTAGGED'])).imageDetails as any[];
      assert.deepEqual(untaggedOnly.map((detail) => detail.imageDigest).sort(), [untagged, ...multi.children].map((image) => image.digest).sort());
    });

    test('describe-images with imageIds: by tag, digest or both, each once; a missing one is ImageNotFoundException in ECR words', async () => {
      const named = await ecr.send(
        new DescribeImagesCommand({
          repositoryName: 'images/app',
          imageIds: [{ imageTag: 'v2' }, { imageDigest: untagged.digest }, { imageTag: 'v1', imageDigest: tagged.digest }, { imageTag: 'latest' }],
        }),
      );
      assert.deepEqual(
        named.imageDetails!.map((detail) => detail.imageDigest),
        [docker.digest, untagged.digest, tagged.digest],
      );
      assert.ok(named.imageDetails![0].imagePushedAt instanceof Date);

      failsWith(
        await berth.aws(['describe-images', '--repository-name', 'images/app', '--image-ids', 'imageTag=v1', 'imageTag=nope']),
        'ImageNotFoundException',
        new RegExp(
          `The image with imageId \\{imageDigest:'null', imageTag:'nope'\\} does not exist within the repository with name 'images/app' in the registry with id '${registryId}'`,
        ),
      );
      const digest = randomDigest();
      failsWith(
        await berth.aws(['describe-images', '--repository-name', 'images/app', '--image-ids', `imageDigest=${digest}`]),
        'ImageNotFoundException',
        new RegExp(`\\{imageDigest:'${digest}', imageTag:'null'\\}`),
      );
      await assert.rejects(
        ecr.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'v1', imageDigest: docker.digest }] })),
        { name: 'ImageNotFoundException' },
        'a tag and a digest that disagree name no image',
      );
      await assert.rejects(ecr.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'v1' }], maxResults: 5 })), {
        name: 'InvalidParameterException',
      });
      await assert.rejects(ecr.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{}] })), { name: 'InvalidParameterException' });
      await assert.rejects(ecr.send(new DescribeImagesCommand({ repositoryName: 'images/app', nextToken: 'not-a-token' })), { name: 'InvalidParameterException' });
      await assert.rejects(ecr.send(new DescribeImagesCommand({ repositoryName: 'images/gone' })), { name: 'RepositoryNotFoundException' });
    });

    test('batch-get-image returns the stored manifest byte for byte with its media type; each unservable id is a failure with its code', async () => {
      const result = ok(
        await berth.aws([
          'batch-get-image',
          '--repository-name',
          'images/app',
          '--image-ids',
          'imageTag=v1',
          `imageDigest=${docker.digest}`,
          'imageTag=nope',
          `imageDigest=${randomDigest()}`,
          'imageDigest=sha256:short',
          'imageTag=bad!tag',
          `imageTag=v2,imageDigest=${tagged.digest}`,
        ]),
      );
      assert.equal(result.images.length, 2);
      const [first, second] = result.images;
      assert.equal(first.imageManifest, tagged.bytes.toString('utf8'), 'the exact pushed string, whitespace included');
      assert.equal(first.imageManifestMediaType, MediaType.ociManifest);
      assert.deepEqual(first.imageId, { imageDigest: tagged.digest, imageTag: 'v1' });
      assert.equal(first.registryId, registryId);
      assert.equal(first.repositoryName, 'images/app');
      assert.equal(sha256(Buffer.from(second.imageManifest)), docker.digest);
      assert.equal(second.imageManifestMediaType, MediaType.dockerManifest);
      assert.deepEqual(second.imageId, { imageDigest: docker.digest });
      assert.deepEqual(
        result.failures.map((failure: any) => failure.failureCode),
        ['ImageNotFound', 'ImageNotFound', 'InvalidImageDigest', 'InvalidImageTag', 'ImageTagDoesNotMatchDigest'],
      );
      assert.deepEqual(result.failures[0], { imageId: { imageTag: 'nope' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
      assert.deepEqual(result.failures[4].imageId, { imageTag: 'v2', imageDigest: tagged.digest });

      const missing = ok(await berth.aws(['batch-get-image', '--repository-name', 'images/app', '--image-ids', '[{}]']));
      assert.deepEqual(missing.failures, [
        { imageId: {}, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' },
      ]);
      failsWith(await berth.aws(['batch-get-image', '--repository-name', 'images/none', '--image-ids', 'imageTag=v1']), 'RepositoryNotFoundException');
    });

    test('batch-get-image serves any stored type by default and only accepted types when acceptedMediaTypes is given', async () => {
      const byDefault = await ecr.send(new BatchGetImageCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'multi' }] }));
      assert.equal(byDefault.images![0].imageManifest, multi.index.bytes.toString('utf8'));
      assert.equal(byDefault.images![0].imageManifestMediaType, MediaType.ociIndex);

      const manifestsOnly = await ecr.send(
        new BatchGetImageCommand({
          repositoryName: 'images/app',
          imageIds: [{ imageTag: 'multi' }, { imageTag: 'v1' }, { imageTag: 'v2' }],
          acceptedMediaTypes: [MediaType.ociManifest],
        }),
      );
      assert.deepEqual(
        manifestsOnly.images!.map((image) => image.imageId?.imageTag),
        ['v1'],
      );
      assert.deepEqual(
        manifestsOnly.failures!.map((failure) => [failure.imageId?.imageTag, failure.failureCode]),
        [
          ['multi', 'ImageNotFound'],
          ['v2', 'ImageNotFound'],
        ],
      );
      assert.match(manifestsOnly.failures![0].failureReason!, /application\/vnd\.oci\.image\.index\.v1\+json.*not among the accepted media types/);

      const cli = ok(
        await berth.aws(['batch-get-image', '--repository-name', 'images/app', '--image-ids', 'imageTag=multi', '--accepted-media-types', MediaType.ociIndex]),
      );
      assert.equal(cli.images[0].imageManifestMediaType, MediaType.ociIndex);
      assert.deepEqual(cli.failures, []);
    });

    test('lastRecordedPullTime: set by a /v2/ pull or BatchGetImage, then not rewritten by the next pull within 24 hours', async () => {
      const image = await pushImage('images/app', ['pulled']);
      const describe = async () =>
        (await ecr.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageDigest: image.digest }] }))).imageDetails![0];
      assert.equal((await describe()).lastRecordedPullTime, undefined, 'never pulled yet');

      const before = Date.now();
      const pulled = await client.get('/v2/images/app/manifests/pulled', { accept: MediaType.ociManifest });
      assert.equal(pulled.status, 200);
      const first = (await describe()).lastRecordedPullTime!;
      assert.ok(first.getTime() >= before - 1000 && first.getTime() <= Date.now() + 1000, `${first.toISOString()} is the time of the pull`);

      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await client.get(`/v2/images/app/manifests/${image.digest}`)).status, 200);
      await ecr.send(new BatchGetImageCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'pulled' }] }));
      assert.equal((await describe()).lastRecordedPullTime!.getTime(), first.getTime(), 'pulls within 24 hours write nothing');

      await ecr.send(new BatchGetImageCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'v2' }] }));
      const viaApi = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'v2' }] }))).imageDetails![0];
      assert.ok(viaApi.lastRecordedPullTime instanceof Date, 'BatchGetImage is a pull too');
    });
  });

  test('paginators: paginateListImages and paginateDescribeImages walk several pages, each id once; the CLI merges pages itself', async () => {
    await createRepository('images/paged');
    const expected: ImageIdentifier[] = [];
    for (let i = 0; i < 5; i += 1) {
      const tags = i % 2 === 0 ? [`t${i}-a`, `t${i}-b`, `t${i}-c`] : [];
      const image = await pushImage('images/paged', tags);
      expected.push(...(tags.length > 0 ? tags.map((imageTag) => ({ imageDigest: image.digest, imageTag })) : [{ imageDigest: image.digest }]));
    }
    assert.equal(expected.length, 11);

    const listed: ImageIdentifier[] = [];
    let listPages = 0;
    for await (const page of paginateListImages({ client: ecr, pageSize: 2 }, { repositoryName: 'images/paged' })) {
      listPages += 1;
      assert.ok(page.imageIds!.length <= 2, 'never more than maxResults ids, even inside one image');
      listed.push(...page.imageIds!);
    }
    assert.equal(listPages, 6);
    assert.deepEqual(listed.map(idKey).sort(), expected.map(idKey).sort());
    assert.equal(new Set(listed.map(idKey)).size, listed.length, 'no id twice');

    const described: string[] = [];
    let describePages = 0;
    for await (const page of paginateDescribeImages({ client: ecr, pageSize: 2 }, { repositoryName: 'images/paged' })) {
      describePages += 1;
      described.push(...page.imageDetails!.map((detail) => detail.imageDigest!));
    }
    assert.equal(describePages, 3);
    assert.deepEqual(described.sort(), [...new Set(expected.map((id) => id.imageDigest!))].sort());

    const first = await ecr.send(new ListImagesCommand({ repositoryName: 'images/paged', maxResults: 4 }));
    assert.equal(first.imageIds!.length, 4);
    assert.ok(first.nextToken);
    const cli = ok(await berth.aws(['list-images', '--repository-name', 'images/paged', '--page-size', '3']));
    assert.deepEqual(cli.imageIds.map(idKey).sort(), expected.map(idKey).sort());
    await assert.rejects(ecr.send(new ListImagesCommand({ repositoryName: 'images/paged', nextToken: 'garbage' })), { name: 'InvalidParameterException' });
  });

  test('batch-delete-image: by tag untags (the last tag takes the image), by digest deletes image and tags; problems are failures, never errors', async () => {
    await createRepository('images/delete');
    const twoTags = await pushImage('images/delete', ['a', 'b']);
    const byDigest = await pushImage('images/delete', ['c', 'd']);
    const bare = await pushImage('images/delete', []);
    const multi = await pushIndex('images/delete', 'multi');
    await push('images/delete', multi.children[0], 'child-tag');

    const first = ok(await berth.aws(['batch-delete-image', '--repository-name', 'images/delete', '--image-ids', 'imageTag=a']));
    assert.deepEqual(first, { imageIds: [{ imageDigest: twoTags.digest, imageTag: 'a' }], failures: [] });
    assert.equal((await client.get('/v2/images/delete/manifests/b')).status, 200, 'the image keeps its other tag');
    const last = ok(await berth.aws(['batch-delete-image', '--repository-name', 'images/delete', '--image-ids', 'imageTag=b']));
    assert.deepEqual(last.imageIds, [{ imageDigest: twoTags.digest, imageTag: 'b' }]);
    assertOciError(await client.get(`/v2/images/delete/manifests/${twoTags.digest}`), 404, 'MANIFEST_UNKNOWN', 'removing the last tag deleted the image');

    const mixed = await ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: 'images/delete',
        imageIds: [
          { imageDigest: byDigest.digest },
          { imageDigest: bare.digest },
          { imageDigest: multi.children[1].digest },
          { imageTag: 'child-tag' },
          { imageTag: 'nope' },
          { imageDigest: randomDigest() },
          { imageDigest: 'md5:abc' },
          { imageTag: 'white space' },
          { imageTag: 'multi', imageDigest: bare.digest },
          {},
        ],
      }),
    );
    assert.deepEqual(mixed.imageIds, [
      { imageDigest: byDigest.digest, imageTag: 'c' },
      { imageDigest: byDigest.digest, imageTag: 'd' },
      { imageDigest: bare.digest },
      { imageDigest: multi.children[0].digest, imageTag: 'child-tag' },
    ]);
    assert.deepEqual(
      mixed.failures!.map((failure) => failure.failureCode),
      ['ImageReferencedByManifestList', 'ImageNotFound', 'ImageNotFound', 'InvalidImageDigest', 'InvalidImageTag', 'ImageTagDoesNotMatchDigest', 'MissingDigestAndTag'],
    );
    assert.match(mixed.failures![0].failureReason!, new RegExp(`Requested image referenced by manifest list: \\[${multi.index.digest}\\]`));
    assert.deepEqual(mixed.failures![1], { imageId: { imageTag: 'nope' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
    assertOciError(await client.get('/v2/images/delete/manifests/c'), 404, 'MANIFEST_UNKNOWN', 'a digest delete takes every tag');
    assert.equal((await client.get(`/v2/images/delete/manifests/${multi.children[0].digest}`)).status, 200, 'an index child stays when its last tag goes');

    const indexFirst = ok(
      await berth.aws([
        'batch-delete-image',
        '--repository-name',
        'images/delete',
        '--image-ids',
        `imageDigest=${multi.index.digest}`,
        `imageDigest=${multi.children[1].digest}`,
      ]),
    );
    assert.deepEqual(indexFirst.imageIds, [{ imageDigest: multi.index.digest, imageTag: 'multi' }, { imageDigest: multi.children[1].digest }]);
    const left = ok(await berth.aws(['list-images', '--repository-name', 'images/delete'])).imageIds;
    assert.deepEqual(left, [{ imageDigest: multi.children[0].digest }]);
    failsWith(await berth.aws(['batch-delete-image', '--repository-name', 'images/nothing', '--image-ids', 'imageTag=a']), 'RepositoryNotFoundException');
  });

  test('put-image retags a manifest from batch-get-image, stores new manifests exactly, and refuses what ECR refuses', async () => {
    await createRepository('images/put');
    const image = await pushImage('images/put', ['v1']);
    // The retagging recipe of the ECR user guide: the manifest from batch-get-image, back through put-image.
    const text: string = ok(await berth.aws(['batch-get-image', '--repository-name', 'images/put', '--image-ids', 'imageTag=v1', '--query', 'images[0].imageManifest']));
    assert.equal(text, image.bytes.toString('utf8'));

    const retagged = ok(await berth.aws(['put-image', '--repository-name', 'images/put', '--image-tag', 'v1.0', '--image-manifest', text]));
    assert.deepEqual(retagged.image.imageId, { imageDigest: image.digest, imageTag: 'v1.0' });
    assert.equal(retagged.image.imageManifest, text);
    assert.equal(retagged.image.imageManifestMediaType, MediaType.ociManifest);
    assert.equal(retagged.image.registryId, registryId);
    const tags = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'images/put', imageIds: [{ imageDigest: image.digest }] }))).imageDetails![0].imageTags;
    assert.deepEqual(tags, ['v1', 'v1.0']);

    failsWith(
      await berth.aws(['put-image', '--repository-name', 'images/put', '--image-tag', 'v1', '--image-manifest', text]),
      'ImageAlreadyExistsException',
      new RegExp(`Image with digest '${image.digest}' and tag 'v1' already exists in the repository with name 'images/put' in registry with id '${registryId}'`),
    );
    await assert.rejects(ecr.send(new PutImageCommand({ repositoryName: 'images/put', imageManifest: text })), { name: 'ImageAlreadyExistsException' });
    failsWith(
      await berth.aws(['put-image', '--repository-name', 'images/put', '--image-tag', 'v9', '--image-digest', randomDigest(), '--image-manifest', text]),
      'ImageDigestDoesNotMatchException',
    );

    // A manifest pushed only through PutImage, without mediaType: the given media type is kept, with the exact bytes.
    const fresh = await buildImage('images/put', 'docker');
    const bare = Buffer.from(JSON.stringify({ ...JSON.parse(fresh.bytes.toString()), mediaType: undefined }, null, 1));
    const put = await ecr.send(
      new PutImageCommand({
        repositoryName: 'images/put',
        imageManifest: bare.toString(),
        imageManifestMediaType: MediaType.dockerManifest,
        imageTag: 'fresh',
        imageDigest: sha256(bare),
      }),
    );
    assert.deepEqual(put.image?.imageId, { imageDigest: sha256(bare), imageTag: 'fresh' });
    assert.equal(put.image?.imageManifestMediaType, MediaType.dockerManifest);
    const pulled = await client.get('/v2/images/put/manifests/fresh', { accept: MediaType.dockerManifest });
    assert.equal(pulled.status, 200);
    assert.deepEqual(pulled.body, bare);
    assert.equal(pulled.header('content-type'), MediaType.dockerManifest);

    const moved = await ecr.send(
      new PutImageCommand({ repositoryName: 'images/put', imageManifest: bare.toString(), imageManifestMediaType: MediaType.dockerManifest, imageTag: 'v1' }),
    );
    assert.equal(moved.image?.imageId?.imageDigest, sha256(bare), 'a mutable tag moves to the new manifest');

    const putBroken = (imageManifest: string) => berth.aws(['put-image', '--repository-name', 'images/put', '--image-tag', 'broken', '--image-manifest', imageManifest]);
    const missingLayers = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: descriptor(image.config, MediaType.ociConfig),
      layers: [descriptor(randomBlob(10), MediaType.ociLayer)],
    };
    failsWith(await putBroken(JSON.stringify(missingLayers)), 'LayersNotFoundException');
    const missingChild = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        { mediaType: MediaType.ociManifest, digest: image.digest, size: image.bytes.length },
        { mediaType: MediaType.ociManifest, digest: randomDigest(), size: 10 },
      ],
    };
    failsWith(await putBroken(JSON.stringify(missingChild)), 'ReferencedImagesNotFoundException');
    failsWith(await putBroken('{"schemaVersion": 2'), 'InvalidParameterException');
    failsWith(await berth.aws(['put-image', '--repository-name', 'images/missing', '--image-tag', 'x', '--image-manifest', text]), 'RepositoryNotFoundException');
    assertOciError(await client.get('/v2/images/put/manifests/broken'), 404, 'MANIFEST_UNKNOWN', 'nothing was stored by the refused pushes');
  });

  test('put-image-tag-mutability: IMMUTABLE refuses moving or re-pushing a tag (PutImage and /v2/ alike); exclusion filters carve out tags', async () => {
    await createRepository('images/immutable');
    const one = await pushImage('images/immutable', ['v1', 'dev-1']);
    const two = await buildImage('images/immutable');

    const set = ok(await berth.aws(['put-image-tag-mutability', '--repository-name', 'images/immutable', '--image-tag-mutability', 'IMMUTABLE']));
    assert.deepEqual(set, { registryId, repositoryName: 'images/immutable', imageTagMutability: 'IMMUTABLE' });
    const described = ok(await berth.aws(['describe-repositories', '--repository-names', 'images/immutable'])).repositories[0];
    assert.equal(described.imageTagMutability, 'IMMUTABLE');

    const message = (tag: string) => `The image tag '${tag}' already exists in the 'images/immutable' repository and cannot be overwritten because the tag is immutable.`;
    const refused = assertOciError(await client.pushManifest('images/immutable', 'v1', two.bytes, two.mediaType), 400, 'TAG_INVALID');
    assert.equal(refused[0].message, message('v1'));
    failsWith(
      await berth.aws(['put-image', '--repository-name', 'images/immutable', '--image-tag', 'v1', '--image-manifest', two.bytes.toString()]),
      'ImageTagAlreadyExistsException',
      new RegExp(message('v1').replace(/[.'()]/g, '\\$&')),
    );
    await assert.rejects(
      ecr.send(new PutImageCommand({ repositoryName: 'images/immutable', imageTag: 'v1', imageManifest: one.bytes.toString() })),
      { name: 'ImageTagAlreadyExistsException' },
      'even the same manifest may not be pushed again to an immutable tag',
    );
    const newTag = await ecr.send(new PutImageCommand({ repositoryName: 'images/immutable', imageTag: 'v2', imageManifest: two.bytes.toString() }));
    assert.equal(newTag.image?.imageId?.imageTag, 'v2', 'a new tag is always allowed');

    const excluded = await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: 'images/immutable',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'dev-*' }],
      }),
    );
    assert.equal(excluded.imageTagMutability, 'IMMUTABLE_WITH_EXCLUSION');
    assert.deepEqual(excluded.imageTagMutabilityExclusionFilters, [{ filterType: 'WILDCARD', filter: 'dev-*' }]);
    await push('images/immutable', two, 'dev-1');
    assertOciError(await client.pushManifest('images/immutable', 'v1', two.bytes, two.mediaType), 400, 'TAG_INVALID');

    const mutableExcept = ok(
      await berth.aws([
        'put-image-tag-mutability',
        '--repository-name',
        'images/immutable',
        '--image-tag-mutability',
        'MUTABLE_WITH_EXCLUSION',
        '--image-tag-mutability-exclusion-filters',
        'filterType=WILDCARD,filter=v*',
      ]),
    );
    assert.deepEqual(mutableExcept.imageTagMutabilityExclusionFilters, [{ filterType: 'WILDCARD', filter: 'v*' }]);
    await push('images/immutable', one, 'dev-1');
    assertOciError(await client.pushManifest('images/immutable', 'v2', one.bytes, one.mediaType), 400, 'TAG_INVALID');

    const back = ok(await berth.aws(['put-image-tag-mutability', '--repository-name', 'images/immutable', '--image-tag-mutability', 'MUTABLE']));
    assert.equal(back.imageTagMutabilityExclusionFilters, undefined);
    await push('images/immutable', one, 'v2');

    failsWith(
      await berth.aws([
        'put-image-tag-mutability',
        '--repository-name',
        'images/immutable',
        '--image-tag-mutability',
        'MUTABLE',
        '--image-tag-mutability-exclusion-filters',
        'filterType=WILDCARD,filter=v*',
      ]),
      'InvalidParameterException',
    );
    failsWith(
      await berth.aws(['put-image-tag-mutability', '--repository-name', 'images/immutable', '--image-tag-mutability', 'IMMUTABLE_WITH_EXCLUSION']),
      'InvalidParameterException',
    );
    failsWith(await berth.aws(['put-image-tag-mutability', '--repository-name', 'images/none', '--image-tag-mutability', 'IMMUTABLE']), 'RepositoryNotFoundException');
  });

  test('image operations act only on the caller\'s own registry: another registryId is AccessDeniedException', async () => {
    const other = registryId === '999999999999' ? '888888888888' : '999999999999';
    failsWith(await berth.aws(['list-images', '--registry-id', other, '--repository-name', 'images/app']), 'AccessDeniedException');
    await assert.rejects(ecr.send(new BatchGetImageCommand({ registryId: other, repositoryName: 'images/app', imageIds: [{ imageTag: 'v1' }] })), {
      name: 'AccessDeniedException',
    });
  });
});
