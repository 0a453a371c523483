// CreateRepository, DescribeRepositories and GetAuthorizationToken through the real AWS CLI and SDK.
import { CreateRepositoryCommand, DescribeRepositoriesCommand, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliErrorType, startEcrBerth, type EcrBerth } from './ecr-harness.js';

describe('ECR repositories', () => {
  let berth: EcrBerth;
  before(async () => {
    berth = await startEcrBerth();
  });
  after(async () => {
    await berth?.stop();
  });

  test('create-repository returns the repository in the model shape; settings and tags are kept', async () => {
    const result = await berth.aws([
      'create-repository',
      '--repository-name',
      'team/app',
      '--image-tag-mutability',
      'IMMUTABLE_WITH_EXCLUSION',
      '--image-tag-mutability-exclusion-filters',
      'filterType=WILDCARD,filter=latest',
      '--image-scanning-configuration',
      'scanOnPush=true',
      '--tags',
      'Key=team,Value=platform',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const repository = result.json.repository;
    assert.match(repository.registryId, /^\d{12}$/);
    assert.equal(repository.repositoryArn, `arn:aws:ecr:us-east-1:${repository.registryId}:repository/team/app`);
    assert.equal(repository.repositoryUri, `${berth.host}/team/app`);
    assert.equal(repository.imageTagMutability, 'IMMUTABLE_WITH_EXCLUSION');
    assert.deepEqual(repository.imageTagMutabilityExclusionFilters, [{ filterType: 'WILDCARD', filter: 'latest' }]);
    assert.deepEqual(repository.imageScanningConfiguration, { scanOnPush: true });
    assert.deepEqual(repository.encryptionConfiguration, { encryptionType: 'AES256' });
    assert.equal(typeof repository.createdAt, 'number');
    assert.ok(Math.abs(repository.createdAt - Date.now() / 1000) < 60, 'createdAt is epoch seconds');
  });

  test('creating an existing repository is RepositoryAlreadyExistsException; a bad name is InvalidParameterException', async () => {
    await berth.aws(['create-repository', '--repository-name', 'dup']);
    const again = await berth.aws(['create-repository', '--repository-name', 'dup']);
    assert.notEqual(again.status, 0);
    assert.equal(cliErrorType(again), 'RepositoryAlreadyExistsException');
    assert.match(again.stderr, /The repository with name 'dup' already exists in the registry with id '\d{12}'/);
    const invalid = await berth.aws(['create-repository', '--repository-name', 'Not-Lower']);
    assert.equal(cliErrorType(invalid), 'InvalidParameterException');
    const exclusionWithoutMode = await berth.aws([
      'create-repository',
      '--repository-name',
      'excl',
      '--image-tag-mutability-exclusion-filters',
      'filterType=WILDCARD,filter=latest',
    ]);
    assert.equal(cliErrorType(exclusionWithoutMode), 'InvalidParameterException');
  });

  test('describe-repositories pages with nextToken through the SDK paginator; names must exist', async () => {
    const client = berth.sdk();
    const names = Array.from({ length: 7 }, (_, index) => `paged/repo-${index}`);
    for (const repositoryName of names) await client.send(new CreateRepositoryCommand({ repositoryName }));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeRepositories({ client, pageSize: 3 }, {})) {
      pages += 1;
      seen.push(...(page.repositories ?? []).map((repository) => repository.repositoryName!));
    }
    assert.ok(pages >= 3, `${pages} pages of at most 3`);
    assert.deepEqual(
      seen.filter((name) => name.startsWith('paged/')),
      names,
    );
    assert.equal(new Set(seen).size, seen.length, 'no repository twice');

    const named = await client.send(new DescribeRepositoriesCommand({ repositoryNames: ['paged/repo-1', 'paged/repo-4'] }));
    assert.deepEqual(
      named.repositories?.map((repository) => repository.repositoryName),
      ['paged/repo-1', 'paged/repo-4'],
    );
    await assert.rejects(client.send(new DescribeRepositoriesCommand({ repositoryNames: ['paged/missing'] })), { name: 'RepositoryNotFoundException' });
    await assert.rejects(client.send(new DescribeRepositoriesCommand({ nextToken: 'garbage' })), { name: 'InvalidParameterException' });
  });

  test('get-login-password gives a password that logs in to /v2/; tokens expire in 12 hours', async () => {
    const password = await berth.aws(['get-login-password']);
    assert.equal(password.status, 0, password.stderr);
    const token = password.stdout.trim();
    assert.ok(!token.includes(':'), 'the password holds no colon');
    const authorized = await fetch(`${berth.url}/v2/`, { headers: { authorization: `Basic ${Buffer.from(`AWS:${token}`).toString('base64')}` } });
    assert.equal(authorized.status, 200);
    const anonymous = await fetch(`${berth.url}/v2/`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), `Basic realm="http://${berth.host}/",service="ecr.amazonaws.com"`);
    const forged = await fetch(`${berth.url}/v2/`, { headers: { authorization: `Basic ${Buffer.from(`AWS:${token.slice(0, -8)}AAAAAAA=`).toString('base64')}` } });
    assert.equal(forged.status, 401);

    const data = (await berth.aws(['get-authorization-token'])).json.authorizationData[0];
    assert.equal(data.proxyEndpoint, `http://${berth.host}`);
    const hours = (data.expiresAt - Date.now() / 1000) / 3600;
    assert.ok(hours > 11.9 && hours <= 12, `expires in ${hours} h`);
    assert.ok(Buffer.from(data.authorizationToken, 'base64').toString().startsWith('AWS:'));
  });

  test('operations of the model Berth does not serve yet answer NotImplementedException naming them', async () => {
    const result = await berth.aws(['get-registry-scanning-configuration']);
    assert.notEqual(result.status, 0);
    assert.equal(cliErrorType(result), 'NotImplementedException');
    assert.match(result.stderr, /GetRegistryScanningConfiguration/);
  });
});
