// The ECR layer operations (BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart,
// CompleteLayerUpload, GetDownloadUrlForLayer) through the real AWS CLI and @aws-sdk/client-ecr,
// with the bytes checked where clients read them: /v2/ with an ECR token, and the download URLs.
import {
  BatchCheckLayerAvailabilityCommand,
  CompleteLayerUploadCommand,
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  GetDownloadUrlForLayerCommand,
  InitiateLayerUploadCommand,
  UploadLayerPartCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliErrorType, startEcrBerth, type EcrBerth } from './ecr-harness.js';

const MiB = 1024 * 1024;

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Asserts the SDK call fails with the modeled exception, and its message matches when given. */
async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('ECR layer operations', () => {
  let berth: EcrBerth;
  let client: ECRClient;
  let scratch: string;
  /** `Authorization` for /v2/: Basic base64("AWS:" + get-login-password). */
  let basicAuth: string;

  before(async () => {
    // Create-on-push on, so the suite proves the API never creates a repository, even where /v2/ would.
    berth = await startEcrBerth({ env: { BERTH_CREATE_REPOSITORY_ON_PUSH: 'true' } });
    client = berth.sdk();
    scratch = await mkdtemp(join(tmpdir(), 'berth-layers-'));
    const password = await berth.aws(['get-login-password']);
    assert.equal(password.status, 0, password.stderr);
    basicAuth = `Basic ${Buffer.from(`AWS:${password.stdout.trim()}`).toString('base64')}`;
  });
  after(async () => {
    await berth?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const createRepository = (repositoryName: string) => client.send(new CreateRepositoryCommand({ repositoryName }));
  const initiate = async (repositoryName: string) => (await client.send(new InitiateLayerUploadCommand({ repositoryName }))).uploadId!;
  const uploadPart = (repositoryName: string, uploadId: string, firstByte: number, bytes: Buffer, lastByte = firstByte + bytes.length - 1) =>
    client.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: firstByte, partLastByte: lastByte, layerPartBlob: bytes }));
  const complete = (repositoryName: string, uploadId: string, digest: string) =>
    client.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [digest] }));

  /** The whole API upload flow, in parts of `partBytes`. */
  async function uploadLayer(repositoryName: string, layer: Buffer, partBytes = 5 * MiB): Promise<string> {
    const uploadId = await initiate(repositoryName);
    for (let first = 0; first < layer.length; first += partBytes) {
      await uploadPart(repositoryName, uploadId, first, layer.subarray(first, first + partBytes));
    }
    return (await complete(repositoryName, uploadId, sha256(layer))).layerDigest!;
  }

  const v2 = (path: string, init: RequestInit = {}) =>
    fetch(`${berth.url}${path}`, { ...init, headers: { authorization: basicAuth, ...(init.headers as Record<string, string>) } });

  async function v2Blob(repositoryName: string, digest: string): Promise<Buffer> {
    const response = await v2(`/v2/${repositoryName}/blobs/${digest}`);
    assert.equal(response.status, 200, await response.clone().text());
    return Buffer.from(await response.arrayBuffer());
  }

  /** A one-layer OCI image pushed over /v2/, the way docker would; returns its layer and config. */
  async function pushImage(repositoryName: string, tag: string) {
    const layer = randomBytes(64 * 1024);
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
    for (const blob of [layer, config]) {
      const response = await v2(`/v2/${repositoryName}/blobs/uploads/?digest=${sha256(blob)}`, { method: 'POST', body: blob });
      assert.equal(response.status, 201, await response.text());
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layer), size: layer.length }],
    };
    const response = await v2(`/v2/${repositoryName}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': manifest.mediaType },
      body: JSON.stringify(manifest),
    });
    assert.equal(response.status, 201, await response.text());
    return { layer, layerDigest: sha256(layer), configDigest: sha256(config) };
  }

  test('SDK: a layer uploaded in parts of 5 MiB, 5 MiB and the rest is available and pulls over /v2/ byte for byte', async () => {
    await createRepository('layers/sdk');
    const layer = randomBytes(10 * MiB + 12_345);
    const started = await client.send(new InitiateLayerUploadCommand({ repositoryName: 'layers/sdk' }));
    assert.match(started.uploadId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(started.partSize, 10 * MiB, 'partSize as ECR answers it');
    const received: number[] = [];
    for (let first = 0; first < layer.length; first += 5 * MiB) {
      const part = await uploadPart('layers/sdk', started.uploadId!, first, layer.subarray(first, first + 5 * MiB));
      assert.equal(part.uploadId, started.uploadId);
      assert.equal(part.repositoryName, 'layers/sdk');
      assert.match(part.registryId!, /^\d{12}$/);
      received.push(part.lastByteReceived!);
    }
    assert.deepEqual(received, [5 * MiB - 1, 10 * MiB - 1, layer.length - 1], 'lastByteReceived is the position of the last byte so far');
    const completed = await complete('layers/sdk', started.uploadId!, sha256(layer));
    assert.equal(completed.layerDigest, sha256(layer));
    assert.equal(completed.uploadId, started.uploadId);

    const missing = sha256(randomBytes(8));
    const check = await client.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'layers/sdk', layerDigests: [sha256(layer), missing, 'not-a-digest'] }));
    assert.deepEqual(check.layers, [{ layerDigest: sha256(layer), layerAvailability: 'AVAILABLE', layerSize: layer.length }]);
    assert.deepEqual(
      check.failures?.map((failure) => [failure.layerDigest, failure.failureCode]),
      [
        [missing, 'MissingLayerDigest'],
        ['not-a-digest', 'InvalidLayerDigest'],
      ],
    );
    assert.ok(check.failures?.every((failure) => failure.failureReason), 'every failure says why');
    assert.ok((await v2Blob('layers/sdk', sha256(layer))).equals(layer), '/v2/ serves exactly the uploaded bytes');
  });

  test('CLI: upload-layer-part with fileb:// parts, complete-layer-upload and batch-check-layer-availability', async () => {
    await createRepository('layers/cli');
    const layer = randomBytes(5 * MiB + 100_000);
    const parts = [layer.subarray(0, 5 * MiB), layer.subarray(5 * MiB)];
    const started = await berth.aws(['initiate-layer-upload', '--repository-name', 'layers/cli']);
    assert.equal(started.status, 0, started.stderr);
    const uploadId = started.json.uploadId;
    let first = 0;
    for (const [index, part] of parts.entries()) {
      const file = join(scratch, `cli-part-${index}`);
      await writeFile(file, part);
      const last = first + part.length - 1;
      const result = await berth.aws([
        'upload-layer-part',
        '--repository-name',
        'layers/cli',
        '--upload-id',
        uploadId,
        '--part-first-byte',
        String(first),
        '--part-last-byte',
        String(last),
        '--layer-part-blob',
        `fileb://${file}`,
      ]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.json.lastByteReceived, last);
      first = last + 1;
    }
    const completed = await berth.aws(['complete-layer-upload', '--repository-name', 'layers/cli', '--upload-id', uploadId, '--layer-digests', sha256(layer)]);
    assert.equal(completed.status, 0, completed.stderr);
    assert.equal(completed.json.layerDigest, sha256(layer));
    const check = await berth.aws(['batch-check-layer-availability', '--repository-name', 'layers/cli', '--layer-digests', sha256(layer)]);
    assert.equal(check.status, 0, check.stderr);
    assert.deepEqual(check.json.layers, [{ layerDigest: sha256(layer), layerAvailability: 'AVAILABLE', layerSize: layer.length }]);
    assert.deepEqual(check.json.failures, []);
    assert.ok((await v2Blob('layers/cli', sha256(layer))).equals(layer));
  });

  test('the upload id is a /v2/ upload session: started on the API and finished on /v2/, and the other way round', async () => {
    await createRepository('layers/interop');
    const first = randomBytes(300_000);
    const uploadId = await initiate('layers/interop');
    await uploadPart('layers/interop', uploadId, 0, first.subarray(0, 100_000));
    const progress = await v2(`/v2/layers/interop/blobs/uploads/${uploadId}`);
    assert.equal(progress.status, 204);
    assert.equal(progress.headers.get('range'), '0-99999', '/v2/ sees the bytes the API part wrote');
    const finished = await v2(`/v2/layers/interop/blobs/uploads/${uploadId}?digest=${sha256(first)}`, {
      method: 'PUT',
      headers: { 'content-range': '100000-299999', 'content-type': 'application/octet-stream' },
      body: first.subarray(100_000),
    });
    assert.equal(finished.status, 201, await finished.text());
    assert.ok((await v2Blob('layers/interop', sha256(first))).equals(first));

    const second = randomBytes(200_000);
    const started = await v2('/v2/layers/interop/blobs/uploads/', { method: 'POST' });
    assert.equal(started.status, 202);
    const sessionId = started.headers.get('docker-upload-uuid')!;
    const part = await uploadPart('layers/interop', sessionId, 0, second);
    assert.equal(part.lastByteReceived, second.length - 1);
    assert.equal((await complete('layers/interop', sessionId, sha256(second))).layerDigest, sha256(second));
    assert.ok((await v2Blob('layers/interop', sha256(second))).equals(second));
  });

  test('a part that does not start at the bytes received so far is InvalidLayerPartException naming the last valid byte; the upload survives', async () => {
    await createRepository('layers/order');
    const layer = randomBytes(5 * MiB + 30);
    const lastValid = 5 * MiB - 1;
    const uploadId = await initiate('layers/order');
    await uploadPart('layers/order', uploadId, 0, layer.subarray(0, 5 * MiB));
    const naming = new RegExp(`last valid byte received is ${lastValid}\\b`);
    await rejectsWith(uploadPart('layers/order', uploadId, 5 * MiB + 10, layer.subarray(5 * MiB + 10)), 'InvalidLayerPartException', naming);
    await rejectsWith(uploadPart('layers/order', uploadId, 0, layer.subarray(0, 10)), 'InvalidLayerPartException', naming);
    // partLastByte must describe the bytes the part carries.
    await rejectsWith(uploadPart('layers/order', uploadId, 5 * MiB, layer.subarray(5 * MiB), 5 * MiB + 40), 'InvalidLayerPartException', /part size is not valid/);
    assert.equal((await uploadPart('layers/order', uploadId, 5 * MiB, layer.subarray(5 * MiB))).lastByteReceived, layer.length - 1);
    assert.equal((await complete('layers/order', uploadId, sha256(layer))).layerDigest, sha256(layer));
  });

  test('a part under 5 MiB that is not the last is LayerPartTooSmallException at completion; a small last or only part is fine', async () => {
    await createRepository('layers/small');
    const layer = randomBytes(MiB + 10);
    const uploadId = await initiate('layers/small');
    // ECR checks the minimum when the upload completes: both parts are accepted as they come.
    await uploadPart('layers/small', uploadId, 0, layer.subarray(0, MiB));
    await uploadPart('layers/small', uploadId, MiB, layer.subarray(MiB));
    await rejectsWith(complete('layers/small', uploadId, sha256(layer)), 'LayerPartTooSmallException', /at least 5 MiB/);
    const check = await client.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'layers/small', layerDigests: [sha256(layer)] }));
    assert.equal(check.failures?.[0]?.failureCode, 'MissingLayerDigest', 'nothing was stored');
    assert.equal(await uploadLayer('layers/small', layer, 2 * MiB), sha256(layer), 'one part under 5 MiB is a valid last part');
  });

  test('completing an upload without parts is EmptyUploadException', async () => {
    await createRepository('layers/empty');
    const uploadId = await initiate('layers/empty');
    await rejectsWith(complete('layers/empty', uploadId, sha256(Buffer.alloc(0))), 'EmptyUploadException');
  });

  test('a digest that does not match the parts is InvalidLayerException, and nothing is stored', async () => {
    await createRepository('layers/mismatch');
    const layer = randomBytes(4096);
    const claimed = sha256(randomBytes(16));
    const uploadId = await initiate('layers/mismatch');
    await uploadPart('layers/mismatch', uploadId, 0, layer);
    await rejectsWith(complete('layers/mismatch', uploadId, claimed), 'InvalidLayerException');
    const check = await client.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'layers/mismatch', layerDigests: [claimed, sha256(layer)] }));
    assert.deepEqual(check.layers, []);
    assert.deepEqual(check.failures?.map((failure) => failure.failureCode), ['MissingLayerDigest', 'MissingLayerDigest']);
    assert.equal((await v2(`/v2/layers/mismatch/blobs/${sha256(layer)}`)).status, 404);
    await rejectsWith(complete('layers/mismatch', uploadId, sha256(layer)), 'UploadNotFoundException', /upload/);
  });

  test('an unknown upload id, or one of another repository, is UploadNotFoundException', async () => {
    await createRepository('layers/uploads-a');
    await createRepository('layers/uploads-b');
    const unknown = randomUUID();
    await rejectsWith(uploadPart('layers/uploads-a', unknown, 0, randomBytes(10)), 'UploadNotFoundException');
    await rejectsWith(complete('layers/uploads-a', unknown, sha256(randomBytes(10))), 'UploadNotFoundException');
    const uploadId = await initiate('layers/uploads-a');
    await rejectsWith(uploadPart('layers/uploads-b', uploadId, 0, randomBytes(10)), 'UploadNotFoundException');
    const cli = await berth.aws(['complete-layer-upload', '--repository-name', 'layers/uploads-a', '--upload-id', unknown, '--layer-digests', sha256(randomBytes(4))]);
    assert.equal(cliErrorType(cli), 'UploadNotFoundException');
  });

  test('completing a layer the repository already has is LayerAlreadyExistsException, once the digest is verified', async () => {
    await createRepository('layers/exists');
    const layer = randomBytes(2048);
    await uploadLayer('layers/exists', layer);
    const again = await initiate('layers/exists');
    await uploadPart('layers/exists', again, 0, layer);
    await rejectsWith(complete('layers/exists', again, sha256(layer)), 'LayerAlreadyExistsException', /already exists/);
    // A wrong digest is reported as such first, even for content the repository has.
    const wrong = await initiate('layers/exists');
    await uploadPart('layers/exists', wrong, 0, layer);
    await rejectsWith(complete('layers/exists', wrong, sha256(randomBytes(8))), 'InvalidLayerException');
    assert.ok((await v2Blob('layers/exists', sha256(layer))).equals(layer), 'the layer is still there');
  });

  test('every layer operation on a missing repository is RepositoryNotFoundException; InitiateLayerUpload does not create it', async () => {
    // The server creates repositories on /v2/ pushes (see before()); the API still requires CreateRepository.
    const digest = sha256(randomBytes(8));
    await rejectsWith(initiate('layers/nowhere'), 'RepositoryNotFoundException', /The repository with name 'layers\/nowhere' does not exist/);
    await rejectsWith(uploadPart('layers/nowhere', randomUUID(), 0, randomBytes(4)), 'RepositoryNotFoundException');
    await rejectsWith(complete('layers/nowhere', randomUUID(), digest), 'RepositoryNotFoundException');
    await rejectsWith(client.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'layers/nowhere', layerDigests: [digest] })), 'RepositoryNotFoundException');
    await rejectsWith(client.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'layers/nowhere', layerDigest: digest })), 'RepositoryNotFoundException');
    await rejectsWith(client.send(new DescribeRepositoriesCommand({ repositoryNames: ['layers/nowhere'] })), 'RepositoryNotFoundException');
    const cli = await berth.aws(['initiate-layer-upload', '--repository-name', 'layers/nowhere']);
    assert.equal(cliErrorType(cli), 'RepositoryNotFoundException');
  });

  test('GetDownloadUrlForLayer: a layer of an image downloads from the URL without credentials, whole and by range, for an hour', async () => {
    await createRepository('layers/pull');
    const image = await pushImage('layers/pull', 'v1');
    const answer = await client.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'layers/pull', layerDigest: image.layerDigest }));
    assert.equal(answer.layerDigest, image.layerDigest);
    const url = new URL(answer.downloadUrl!);
    assert.equal(url.host, berth.host, 'served by Berth itself');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '3600');
    assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host');
    assert.match(url.searchParams.get('X-Amz-Credential')!, /^AKIA[A-Z2-7]{16}\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    assert.ok(!url.href.includes(berth.credentials.accessKeyId), 'never signed with the caller key');

    const whole = await fetch(url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-length'), String(image.layer.length));
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(image.layer), 'the URL serves the layer byte for byte');
    const ranged = await fetch(url, { headers: { range: 'bytes=100-199' } });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get('content-range'), `bytes 100-199/${image.layer.length}`);
    assert.ok(Buffer.from(await ranged.arrayBuffer()).equals(image.layer.subarray(100, 200)));

    const cli = await berth.aws(['get-download-url-for-layer', '--repository-name', 'layers/pull', '--layer-digest', image.configDigest]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal((await fetch(cli.json.downloadUrl)).status, 200, 'the config blob is referenced too');
  });

  test('tampered, unsigned and expired download URLs are refused with 403', async () => {
    await createRepository('layers/tamper');
    const image = await pushImage('layers/tamper', 'v1');
    const answer = await client.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'layers/tamper', layerDigest: image.layerDigest }));
    const good = new URL(answer.downloadUrl!);

    const signature = good.searchParams.get('X-Amz-Signature')!;
    const forged = new URL(good);
    forged.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const otherLayer = new URL(good.href.replace(image.layerDigest, image.configDigest));
    const longer = new URL(good);
    longer.searchParams.set('X-Amz-Expires', '7200');
    const unsigned = new URL(good.origin + good.pathname);
    for (const [label, url] of Object.entries({ forged, otherLayer, longer, unsigned })) {
      const response = await fetch(url);
      assert.equal(response.status, 403, label);
      assert.match(await response.text(), /<Error><Code>(SignatureDoesNotMatch|AccessDenied)<\/Code>/, label);
    }

    // Dated two hours ago with a one-hour lifetime: expired, whatever the signature.
    const expired = new URL(good);
    const signedAt = new Date(Date.now() - 2 * 3600_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    expired.searchParams.set('X-Amz-Date', signedAt);
    const refused = await fetch(expired);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    assert.equal((await fetch(good)).status, 200, 'the untouched URL still works');
  });

  test('a layer no image references is LayerInaccessibleException; a digest the repository lacks is LayersNotFoundException', async () => {
    await createRepository('layers/unreferenced');
    const layer = randomBytes(1000);
    const digest = await uploadLayer('layers/unreferenced', layer);
    await rejectsWith(client.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'layers/unreferenced', layerDigest: digest })), 'LayerInaccessibleException');
    await rejectsWith(
      client.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'layers/unreferenced', layerDigest: sha256(randomBytes(8)) })),
      'LayersNotFoundException',
    );
    const cli = await berth.aws(['get-download-url-for-layer', '--repository-name', 'layers/unreferenced', '--layer-digest', digest]);
    assert.equal(cliErrorType(cli), 'LayerInaccessibleException');
  });
});
