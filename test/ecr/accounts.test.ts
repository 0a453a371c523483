// Accounts are isolated: account B (made with `berth admin create-account` while the server runs)
// can neither act in account A's registry through the ECR API nor read or write A's repositories
// through /v2/, whichever host it uses, as long as no policy of A grants it anything (policies that
// do are proved in test/e2e/policies.test.ts); B's repositories live at `<B>.dkr.ecr.<region>.<host>`
// and A never sees them. Errors carry ECR's words (NAME_UNKNOWN naming the account; AccessDenied /
// DENIED naming the action and the resource ARN; DENIED for an expired token). Token expiry (12 h) is
// proved in-process with an injected clock.
import { CreateRepositoryCommand, DeleteRepositoryCommand, DescribeRepositoriesCommand, GetAuthorizationTokenCommand, TagResourceCommand } from '@aws-sdk/client-ecr';
import Fastify from 'fastify';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { AuthorizationTokens, tokenLifetimeMs } from '../../src/auth/authorization-token.js';
import { ecrTokenCaller } from '../../src/http/oci/oci-caller.js';
import { registerOciSurface } from '../../src/http/oci/oci-router.js';
import { rootPrincipal } from '../../src/identity/principal.js';
import { SecretBox } from '../../src/identity/secret-box.js';
import type { RegistryServices } from '../../src/registry/registry-services.js';
import { berthBin, type RootCredentials } from '../support/berth-process.js';
import { cliErrorType, region, startEcrBerth, type EcrBerth } from './ecr-harness.js';
import { pushImage, v2, type V2Target } from './v2-client.js';

const execFileAsync = promisify(execFile);

interface Account {
  id: string;
  credentials: RootCredentials;
  /** GetAuthorizationToken's token for the account's root. */
  token: string;
  /** The Host header that routes /v2/ to this account: `<id>.dkr.ecr.us-east-1.localhost:<port>`. */
  host: string;
}

describe('multi-account isolation on the ECR API and /v2/', () => {
  let berth: EcrBerth;
  let a: Account;
  let b: Account;
  let port: string;

  const tokenOf = async (credentials: RootCredentials) =>
    (await berth.sdk(credentials).send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!.authorizationToken!;
  /** /v2/ as `who` (token), addressed to `where`'s host, or to the plain host (the default account, A). */
  const as = (who: Account, where?: Account): V2Target => ({ url: berth.url, token: who.token, ...(where && { host: where.host }) });
  /** ECR's refusal of a cross-account request that no resource policy allows. */
  const refusal = (who: Account, action: string, resource: string) =>
    `User: arn:aws:iam::${who.id}:root is not authorized to perform: ecr:${action} on resource: ${resource} because no resource-based policy allows the ecr:${action} action`;
  const repositoryArn = (owner: Account, name: string) => `arn:aws:ecr:${region}:${owner.id}:repository/${name}`;
  const denied = (response: { status: number; json(): any }, who: Account, action: string, resource: string) => {
    assert.equal(response.status, 403, `${action} on ${resource}`);
    assert.deepEqual(response.json().errors, [{ code: 'DENIED', message: refusal(who, action, resource) }]);
  };

  before(async () => {
    berth = await startEcrBerth();
    port = new URL(berth.url).port;
    const aId = (await berth.aws(['describe-registry'])).json.registryId as string;
    a = { id: aId, credentials: berth.credentials, token: await tokenOf(berth.credentials), host: `${aId}.dkr.ecr.${region}.localhost:${port}` };
    const { stdout } = await execFileAsync(process.execPath, [berthBin, 'admin', 'create-account', '--name', 'team-b', '--data', berth.dataDir], {
      env: { ...process.env, ...berth.storeEnv },
    });
    const created = JSON.parse(stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    const credentials = { accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey };
    b = { id: created.AccountId, credentials, token: await tokenOf(credentials), host: `${created.AccountId}.dkr.ecr.${region}.localhost:${port}` };
    assert.notEqual(a.id, b.id);

    await berth.aws(['create-repository', '--repository-name', 'a/app']);
    await pushImage(as(a), 'a/app', 'v1');
  });
  after(async () => {
    await berth?.stop();
  });

  test("B's key cannot describe, create, delete or tag in A's registry (AccessDeniedException / InvalidParameterException)", async () => {
    const client = berth.sdk(b.credentials);
    for (const [command, message] of [
      [new DescribeRepositoriesCommand({ registryId: a.id }), refusal(b, 'DescribeRepositories', repositoryArn(a, '*'))],
      [new CreateRepositoryCommand({ registryId: a.id, repositoryName: 'planted' }), refusal(b, 'CreateRepository', repositoryArn(a, 'planted'))],
      [new DeleteRepositoryCommand({ registryId: a.id, repositoryName: 'a/app', force: true }), refusal(b, 'DeleteRepository', repositoryArn(a, 'a/app'))],
    ] as const) {
      await assert.rejects(client.send(command as never), { name: 'AccessDeniedException', message }, command.constructor.name);
    }
    const cli = await berth.aws(['describe-repositories', '--registry-id', a.id], { credentials: b.credentials });
    assert.equal(cliErrorType(cli), 'AccessDeniedException');
    const foreignArn = `arn:aws:ecr:${region}:${a.id}:repository/a/app`;
    await assert.rejects(client.send(new TagResourceCommand({ resourceArn: foreignArn, tags: [{ Key: 'owned', Value: 'by-b' }] })), {
      name: 'InvalidParameterException',
    });
    assert.deepEqual((await berth.aws(['list-tags-for-resource', '--resource-arn', foreignArn])).json.tags, []);
    assert.deepEqual(
      (await berth.aws(['describe-repositories'])).json.repositories.map((r: { repositoryName: string }) => r.repositoryName),
      ['a/app'],
      'nothing was created in A',
    );
  });

  test("B's token on /v2/ of A's registry is 403 DENIED for every repository request, on the ECR host name and on the plain host", async () => {
    for (const target of [as(b, a), as(b)]) {
      assert.equal((await v2(target, 'GET', '/v2/')).status, 200, 'a valid token logs in anywhere (docker login to a registry shared with B)');
      denied(await v2(target, 'GET', '/v2/a/app/manifests/v1'), b, 'BatchGetImage', repositoryArn(a, 'a/app'));
      denied(await v2(target, 'GET', '/v2/a/app/tags/list'), b, 'ListImages', repositoryArn(a, 'a/app'));
      denied(await v2(target, 'GET', '/v2/_catalog'), b, 'DescribeRepositories', repositoryArn(a, '*'));
      denied(await v2(target, 'POST', '/v2/a/app/blobs/uploads/'), b, 'InitiateLayerUpload', repositoryArn(a, 'a/app'));
      denied(await v2(target, 'DELETE', '/v2/a/app/manifests/v1'), b, 'BatchDeleteImage', repositoryArn(a, 'a/app'));
    }
    assert.equal((await v2(as(a), 'GET', '/v2/a/app/manifests/v1')).status, 200, "A's image is untouched");
    assert.equal((await v2(as(a, a), 'GET', '/v2/a/app/manifests/v1')).status, 200, "A's ECR host name routes to A");
  });

  test("B's repositories live at <B>.dkr.ecr.<region>.<host>, reachable with B's token and invisible to A", async () => {
    const created = await berth.sdk(b.credentials).send(new CreateRepositoryCommand({ repositoryName: 'b/app' }));
    assert.equal(created.repository?.registryId, b.id);
    assert.equal(created.repository?.repositoryUri, `${b.id}.dkr.ecr.${region}.${berth.host}/b/app`);
    const endpoint = (await berth.sdk(b.credentials).send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!.proxyEndpoint;
    assert.equal(endpoint, `http://${b.id}.dkr.ecr.${region}.${berth.host}`);

    const image = await pushImage(as(b, b), 'b/app', 'v1');
    const pulled = await v2(as(b, b), 'GET', '/v2/b/app/manifests/v1', { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    assert.equal(pulled.status, 200);
    assert.equal(pulled.headers['docker-content-digest'], image.manifestDigest);
    assert.deepEqual((await v2(as(b, b), 'GET', '/v2/_catalog')).json().repositories, ['b/app']);

    assert.deepEqual((await v2(as(a), 'GET', '/v2/_catalog')).json().repositories, ['a/app'], "A's catalog does not list B's repository");
    const fromA = await v2(as(a), 'GET', '/v2/b/app/manifests/v1');
    assert.equal(fromA.status, 404, "A's registry has no b/app");
    assert.equal(fromA.json().errors[0].code, 'NAME_UNKNOWN');
    denied(await v2(as(a, b), 'GET', '/v2/b/app/manifests/v1'), a, 'BatchGetImage', repositoryArn(b, 'b/app'));
    const described = await berth.aws(['describe-repositories', '--repository-names', 'b/app']);
    assert.equal(cliErrorType(described), 'RepositoryNotFoundException');
    assert.match(described.stderr, new RegExp(`The repository with name 'b/app' does not exist in the registry with id '${a.id}'`));
  });

  test("a missing repository is 404 NAME_UNKNOWN in ECR's words, naming the account the host routes to", async () => {
    const blob = `sha256:${'0'.repeat(64)}`;
    for (const [who, where] of [
      [b, b],
      [a, a],
      [a, undefined],
    ] as const) {
      const registryId = (where ?? a).id;
      for (const [path, name] of [
        ['/v2/nope/manifests/latest', 'nope'],
        ['/v2/nope/tags/list', 'nope'],
        [`/v2/team/nope/blobs/${blob}`, 'team/nope'],
      ] as const) {
        const response = await v2(as(who, where), 'GET', path);
        assert.equal(response.status, 404, path);
        assert.deepEqual(response.json().errors, [
          { code: 'NAME_UNKNOWN', message: `The repository with name '${name}' does not exist in the registry with id '${registryId}'`, detail: { name } },
        ]);
      }
    }
  });

  test('an expired authorization token is 403 DENIED "Your authorization token has expired. Reauthenticate and try again."', async () => {
    // In-process: the real /v2/ surface and caller resolver over AuthorizationTokens with an
    // injected clock, so 12 hours pass instantly. No production switch is needed or added.
    let nowMs = Date.parse('2030-01-01T00:00:00Z');
    const tokens = new AuthorizationTokens(new SecretBox(randomBytes(32)), () => nowMs);
    const app = Fastify();
    registerOciSurface(app, { services: {} as RegistryServices, resolveCaller: ecrTokenCaller({ tokens, defaultAccountId: a.id }) });
    await app.ready();
    const issued = tokens.issue(rootPrincipal(a.id));
    assert.equal(issued.expiresAt.getTime() - nowMs, tokenLifetimeMs);
    assert.equal(tokenLifetimeMs, 12 * 60 * 60 * 1000);
    const get = () => app.inject({ method: 'GET', url: '/v2/', headers: { host: 'localhost', authorization: `Basic ${issued.authorizationToken}` } });
    try {
      nowMs += tokenLifetimeMs - 1000;
      assert.equal((await get()).statusCode, 200, 'valid a second before expiry');
      nowMs += 1000;
      const expired = await get();
      assert.equal(expired.statusCode, 403);
      assert.deepEqual(expired.json().errors, [{ code: 'DENIED', message: 'Your authorization token has expired. Reauthenticate and try again.' }]);
      const onRepository = await app.inject({
        method: 'GET',
        url: '/v2/a/app/manifests/v1',
        headers: { host: a.host, authorization: `Basic ${issued.authorizationToken}` },
      });
      assert.equal(onRepository.statusCode, 403);
      assert.equal(onRepository.json().errors[0].code, 'DENIED');
      const fresh = tokens.issue(rootPrincipal(a.id));
      const renewed = await app.inject({ method: 'GET', url: '/v2/', headers: { host: 'localhost', authorization: `Basic ${fresh.authorizationToken}` } });
      assert.equal(renewed.statusCode, 200, 'reauthenticating gives a working token');
    } finally {
      await app.close();
    }
  });
});
