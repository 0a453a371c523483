// Berth decides every request the way AWS does, proved end to end with the unchanged AWS CLI (ecr
// and iam) and skopeo across two accounts: A, the default account, whose repositories are on the
// plain host, and B, made with `berth admin create-account` while the server runs.
// - a user limited to pull cannot push: skopeo's push is DENIED, `aws ecr put-image` and
//   `initiate-layer-upload` are AccessDeniedException, both naming the action and the ARN;
// - a repository policy grants B pull, which then works for B's root and for a user of B whose
//   identity policy allows it, and stops working when that identity policy is removed;
// - a Deny outside a CIDR (NotIpAddress aws:SourceIp) refuses even A's root from 127.0.0.1;
// - an explicit deny beats an allow, in a repository policy and in an identity policy;
// - a cross-repository mount needs read on the source: without it the push gets an upload session.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { makeSkopeo, type Skopeo } from '../e2e/harness.js';
import { buildBusyboxImage, FIXTURE_TAG, imageToolsSkipReason } from '../support/images.js';
import { readJsonBlob, resolveRef, type ImageManifest } from '../support/oci-layout.js';
import { berthBin, type RootCredentials } from '../support/berth-process.js';
import { cliErrorType, region, startEcrBerth, type AwsResult, type EcrBerth } from './ecr-harness.js';
import { v2 } from './v2-client.js';

const execFileAsync = promisify(execFile);
const skip = imageToolsSkipReason();

const pullActions = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const pushActions = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'];

interface Account {
  id: string;
  root: RootCredentials;
}

describe('policy enforcement end to end: AWS CLI and skopeo across two accounts', { skip }, () => {
  let berth: EcrBerth;
  let skopeo: Skopeo;
  let work: string;
  let layout: string;
  let a: Account;
  let b: Account;
  let copies = 0;

  const ok = (result: AwsResult) => {
    assert.equal(result.status, 0, result.stderr);
    return result.json;
  };
  const refused = (result: AwsResult, type: string, message: string | RegExp) => {
    assert.equal(cliErrorType(result), type, result.stderr || result.stdout);
    if (typeof message === 'string') assert.ok(result.stderr.includes(message), `expected ${JSON.stringify(message)} in ${result.stderr}`);
    else assert.match(result.stderr, message);
  };
  const iam = (args: string[], credentials: RootCredentials) => berth.aws(args, { service: 'iam', credentials });
  const allow = (actions: string[], resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });
  const arnOf = (owner: Account, repository: string) => `arn:aws:ecr:${region}:${owner.id}:repository/${repository}`;

  /** A new IAM user of the account (created by its root through `aws iam`) and its access key. */
  const userWithKey = async (name: string, account: Account): Promise<RootCredentials & { arn: string }> => {
    const user = ok(await iam(['create-user', '--user-name', name], account.root)).User;
    const key = ok(await iam(['create-access-key', '--user-name', name], account.root)).AccessKey;
    return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey, arn: user.Arn };
  };
  const passwordOf = async (credentials: RootCredentials) => {
    const result = await berth.aws(['get-login-password'], { credentials });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim();
  };
  /** skopeo copy from A's registry (the plain host) into a fresh local layout, as the password's principal. */
  const pull = (repository: string, password: string) =>
    skopeo.attempt(['copy', '--src-tls-verify=false', '--src-creds', `AWS:${password}`, `docker://${berth.host}/${repository}:v1`, `oci:${join(work, `pulled-${++copies}`)}:v1`]);
  const push = (repository: string, tag: string, password: string) =>
    skopeo.attempt(['copy', '--dest-tls-verify=false', '--dest-creds', `AWS:${password}`, `oci:${layout}:${FIXTURE_TAG}`, `docker://${berth.host}/${repository}:${tag}`]);
  const pulls = async (repository: string, password: string) => {
    const result = await pull(repository, password);
    assert.equal(result.code, 0, `${result.command}\n${result.stderr}`);
  };
  const pullDenied = async (repository: string, password: string, message: string | RegExp) => {
    const result = await pull(repository, password);
    assert.notEqual(result.code, 0, `${result.command} should have been refused`);
    if (typeof message === 'string') assert.ok(result.stderr.includes(message), `expected ${JSON.stringify(message)} in ${result.stderr}`);
    else assert.match(result.stderr, message);
  };

  before(async () => {
    layout = await buildBusyboxImage();
    berth = await startEcrBerth();
    work = await mkdtemp(join(tmpdir(), 'berth-enforcement-'));
    skopeo = await makeSkopeo({ kind: 'berth', url: berth.url, host: berth.host, output: () => berth.output(), stop: () => berth.stop() }, work);
    a = { id: ok(await berth.aws(['describe-registry'])).registryId, root: berth.credentials };
    const { stdout } = await execFileAsync(process.execPath, [berthBin, 'admin', 'create-account', '--name', 'team-b', '--data', berth.dataDir], {
      env: { ...process.env, BERTH_LOG_LEVEL: 'warn', ...berth.storeEnv },
    });
    const created = JSON.parse(stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    b = { id: created.AccountId, root: { accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey } };

    const rootPassword = await passwordOf(a.root);
    for (const repository of ['shared/app', 'fenced/app', 'guarded/app', 'target/app']) {
      ok(await berth.aws(['create-repository', '--repository-name', repository]));
      const pushed = await push(repository, 'v1', rootPassword);
      assert.equal(pushed.code, 0, pushed.stderr);
    }
  });
  after(async () => {
    await berth?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('a user limited to pull pulls and cannot push: skopeo is DENIED, put-image and initiate-layer-upload are AccessDeniedException', async () => {
    const puller = await userWithKey('puller', a);
    refused(
      await berth.aws(['get-login-password'], { credentials: puller }),
      'AccessDeniedException',
      `User: ${puller.arn} is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action`,
    );
    ok(await iam(['put-user-policy', '--user-name', 'puller', '--policy-name', 'pull', '--policy-document', allow([...pullActions, 'ecr:GetAuthorizationToken'])], a.root));
    const password = await passwordOf(puller);
    await pulls('shared/app', password);

    const pushed = await push('shared/app', 'v2', password);
    assert.notEqual(pushed.code, 0, 'the push must be refused');
    assert.match(pushed.stderr, new RegExp(`denied: User: ${puller.arn} is not authorized to perform: ecr:(PutImage|InitiateLayerUpload) on resource: ${arnOf(a, 'shared/app')}`));
    const upload = await v2({ url: berth.url, token: Buffer.from(`AWS:${password}`).toString('base64') }, 'POST', '/v2/shared/app/blobs/uploads/');
    assert.equal(upload.status, 403);
    assert.deepEqual(upload.json().errors, [
      {
        code: 'DENIED',
        message: `User: ${puller.arn} is not authorized to perform: ecr:InitiateLayerUpload on resource: ${arnOf(a, 'shared/app')} because no identity-based policy allows the ecr:InitiateLayerUpload action`,
      },
    ]);

    const image = ok(await berth.aws(['batch-get-image', '--repository-name', 'shared/app', '--image-ids', 'imageTag=v1'], { credentials: puller })).images[0];
    refused(
      await berth.aws(['put-image', '--repository-name', 'shared/app', '--image-tag', 'v2', '--image-manifest', image.imageManifest], { credentials: puller }),
      'AccessDeniedException',
      `User: ${puller.arn} is not authorized to perform: ecr:PutImage on resource: ${arnOf(a, 'shared/app')} because no identity-based policy allows the ecr:PutImage action`,
    );
    refused(
      await berth.aws(['initiate-layer-upload', '--repository-name', 'shared/app'], { credentials: puller }),
      'AccessDeniedException',
      `User: ${puller.arn} is not authorized to perform: ecr:InitiateLayerUpload on resource: ${arnOf(a, 'shared/app')}`,
    );
    refused(await berth.aws(['describe-images', '--repository-name', 'shared/app', '--image-ids', 'imageTag=v2']), 'ImageNotFoundException', /v2/);
  });

  test("a repository policy grants B pull; B's root pulls; a user of B pulls only while B's identity policy allows it", async () => {
    const bRoot = await passwordOf(b.root);
    await pullDenied('shared/app', bRoot, `User: arn:aws:iam::${b.id}:root is not authorized to perform: ecr:BatchGetImage on resource: ${arnOf(a, 'shared/app')} because no resource-based policy allows the ecr:BatchGetImage action`);
    refused(await berth.aws(['batch-get-image', '--registry-id', a.id, '--repository-name', 'shared/app', '--image-ids', 'imageTag=v1'], { credentials: b.root }), 'AccessDeniedException', /no resource-based policy allows/);

    const grant = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'PullForB', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.id}:root` }, Action: pullActions }] });
    ok(await berth.aws(['set-repository-policy', '--repository-name', 'shared/app', '--policy-text', grant]));
    await pulls('shared/app', bRoot);
    const fromApi = ok(await berth.aws(['batch-get-image', '--registry-id', a.id, '--repository-name', 'shared/app', '--image-ids', 'imageTag=v1'], { credentials: b.root }));
    assert.equal(fromApi.images.length, 1, "B's root reads A's image through the API too");
    await pullDenied('guarded/app', bRoot, /no resource-based policy allows the ecr:BatchGetImage action/);

    const bob = await userWithKey('bob', b);
    ok(await iam(['put-user-policy', '--user-name', 'bob', '--policy-name', 'login', '--policy-document', allow(['ecr:GetAuthorizationToken'])], b.root));
    const bobPassword = await passwordOf(bob);
    const bobRefusal = `User: ${bob.arn} is not authorized to perform: ecr:BatchGetImage on resource: ${arnOf(a, 'shared/app')} because no identity-based policy allows the ecr:BatchGetImage action`;
    await pullDenied('shared/app', bobPassword, bobRefusal);

    ok(await iam(['put-user-policy', '--user-name', 'bob', '--policy-name', 'pull-from-a', '--policy-document', allow(pullActions, `arn:aws:ecr:${region}:${a.id}:repository/*`)], b.root));
    await pulls('shared/app', bobPassword);
    ok(await iam(['delete-user-policy', '--user-name', 'bob', '--policy-name', 'pull-from-a'], b.root));
    await pullDenied('shared/app', bobPassword, bobRefusal);
  });

  test("a Deny outside a CIDR (NotIpAddress aws:SourceIp) refuses even A's root from 127.0.0.1; a CIDR holding it lets the pull through", async () => {
    const fence = (cidr: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'OnlyFromInside', Effect: 'Deny', Principal: '*', Action: [...pullActions, ...pushActions], Condition: { NotIpAddress: { 'aws:SourceIp': cidr } } }],
      });
    const rootPassword = await passwordOf(a.root);
    await pulls('fenced/app', rootPassword);
    ok(await berth.aws(['set-repository-policy', '--repository-name', 'fenced/app', '--policy-text', fence('10.0.0.0/8')]));
    const refusal = `User: arn:aws:iam::${a.id}:root is not authorized to perform: ecr:BatchGetImage on resource: ${arnOf(a, 'fenced/app')} with an explicit deny in a resource-based policy`;
    await pullDenied('fenced/app', rootPassword, refusal);
    refused(await berth.aws(['batch-get-image', '--repository-name', 'fenced/app', '--image-ids', 'imageTag=v1']), 'AccessDeniedException', refusal);

    ok(await berth.aws(['set-repository-policy', '--repository-name', 'fenced/app', '--policy-text', fence('127.0.0.0/8')]));
    await pulls('fenced/app', rootPassword);
  });

  test('an explicit deny beats an allow: in a repository policy over an identity allow, and in an identity policy over ecr:*', async () => {
    const deployer = await userWithKey('deployer', a);
    ok(await iam(['put-user-policy', '--user-name', 'deployer', '--policy-name', 'everything', '--policy-document', allow(['ecr:*'])], a.root));
    const password = await passwordOf(deployer);
    await pulls('guarded/app', password);

    const guard = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Welcome', Effect: 'Allow', Principal: { AWS: deployer.arn }, Action: 'ecr:*' },
        { Sid: 'ButNoPulls', Effect: 'Deny', Principal: { AWS: deployer.arn }, Action: 'ecr:BatchGetImage' },
      ],
    });
    ok(await berth.aws(['set-repository-policy', '--repository-name', 'guarded/app', '--policy-text', guard]));
    await pullDenied(
      'guarded/app',
      password,
      `User: ${deployer.arn} is not authorized to perform: ecr:BatchGetImage on resource: ${arnOf(a, 'guarded/app')} with an explicit deny in a resource-based policy`,
    );
    ok(await berth.aws(['list-images', '--repository-name', 'guarded/app'], { credentials: deployer }));

    const noDeletes = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ecr:BatchDeleteImage', Resource: '*' }] });
    ok(await iam(['put-user-policy', '--user-name', 'deployer', '--policy-name', 'no-deletes', '--policy-document', noDeletes], a.root));
    refused(
      await berth.aws(['batch-delete-image', '--repository-name', 'guarded/app', '--image-ids', 'imageTag=v1'], { credentials: deployer }),
      'AccessDeniedException',
      `User: ${deployer.arn} is not authorized to perform: ecr:BatchDeleteImage on resource: ${arnOf(a, 'guarded/app')} with an explicit deny in an identity-based policy`,
    );
    ok(await berth.aws(['describe-images', '--repository-name', 'guarded/app', '--image-ids', 'imageTag=v1']));
  });

  test('a cross-repository mount needs read on the source: without it the push gets an upload session instead', async () => {
    const manifest = await readJsonBlob<ImageManifest>(layout, (await resolveRef(layout, FIXTURE_TAG)).digest);
    const layer = manifest.layers[0]!.digest;
    const pusher = await userWithKey('pusher', a);
    ok(await iam(['put-user-policy', '--user-name', 'pusher', '--policy-name', 'push', '--policy-document', allow([...pullActions, ...pushActions], arnOf(a, 'target/*'))], a.root));
    ok(await iam(['put-user-policy', '--user-name', 'pusher', '--policy-name', 'login', '--policy-document', allow(['ecr:GetAuthorizationToken'])], a.root));
    const token = (password: string) => ({ url: berth.url, token: Buffer.from(`AWS:${password}`).toString('base64') });
    const mountPath = `/v2/target/app/blobs/uploads/?mount=${layer}&from=shared/app`;

    const asPusher = await v2(token(await passwordOf(pusher)), 'POST', mountPath);
    assert.equal(asPusher.status, 202, 'no read on shared/app: an upload session, not a mount');
    assert.match(String(asPusher.headers.location), /^\/v2\/target\/app\/blobs\/uploads\/[0-9a-f-]+$/);
    const asRoot = await v2(token(await passwordOf(a.root)), 'POST', mountPath);
    assert.equal(asRoot.status, 201, 'the root may read the source: mounted');
    assert.equal(asRoot.headers['docker-content-digest'], layer);
  });
});
