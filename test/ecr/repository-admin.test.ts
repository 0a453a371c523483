// The repository, registry and account operations through the unchanged AWS CLI and
// @aws-sdk/client-ecr: DeleteRepository (force), TagResource / UntagResource / ListTagsForResource
// by repository ARN, DescribeRegistry, Get/PutAccountSetting, and what BLOB_MOUNTING does to /v2/.
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRegistryCommand,
  GetAccountSettingCommand,
  GetAuthorizationTokenCommand,
  ListTagsForResourceCommand,
  PutAccountSettingCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliErrorType, startEcrBerth, type EcrBerth } from './ecr-harness.js';
import { pushBlob, pushImage, v2, type V2Target } from './v2-client.js';

const invalidArnMessage = "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'";

describe('ECR repository, registry and account operations', () => {
  let berth: EcrBerth;
  let accountId: string;
  let registry: V2Target;

  const arnOf = (name: string) => `arn:aws:ecr:us-east-1:${accountId}:repository/${name}`;
  const tagsOf = async (name: string) => (await berth.aws(['list-tags-for-resource', '--resource-arn', arnOf(name)])).json.tags;

  before(async () => {
    berth = await startEcrBerth();
    const token = (await berth.sdk().send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!.authorizationToken!;
    registry = { url: berth.url, token };
    accountId = (await berth.aws(['describe-registry'])).json.registryId;
  });
  after(async () => {
    await berth?.stop();
  });

  test('delete-repository refuses a repository with images (RepositoryNotEmptyException); --force deletes it and its images', async () => {
    await berth.aws(['create-repository', '--repository-name', 'doomed/app']);
    const image = await pushImage(registry, 'doomed/app', 'v1');
    assert.equal((await v2(registry, 'GET', '/v2/doomed/app/manifests/v1')).status, 200);

    const refused = await berth.aws(['delete-repository', '--repository-name', 'doomed/app']);
    assert.notEqual(refused.status, 0);
    assert.equal(cliErrorType(refused), 'RepositoryNotEmptyException');
    assert.match(
      refused.stderr,
      new RegExp(`The repository with name 'doomed/app' in registry with id '${accountId}' cannot be deleted because it still contains images`),
    );
    assert.equal((await v2(registry, 'GET', '/v2/doomed/app/manifests/v1')).status, 200, 'a refused delete leaves the image');

    const forced = await berth.aws(['delete-repository', '--repository-name', 'doomed/app', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(forced.json.repository.repositoryName, 'doomed/app');
    assert.equal(forced.json.repository.registryId, accountId);
    assert.equal(forced.json.repository.repositoryArn, arnOf('doomed/app'));
    assert.equal(forced.json.repository.repositoryUri, `${berth.host}/doomed/app`);

    const described = await berth.aws(['describe-repositories', '--repository-names', 'doomed/app']);
    assert.equal(cliErrorType(described), 'RepositoryNotFoundException');
    for (const path of ['/v2/doomed/app/manifests/v1', `/v2/doomed/app/manifests/${image.manifestDigest}`, `/v2/doomed/app/blobs/${image.layerDigest}`]) {
      const pull = await v2(registry, 'GET', path);
      assert.equal(pull.status, 404, path);
      assert.equal(pull.json().errors[0].code, 'NAME_UNKNOWN', path);
    }
  });

  test('DeleteRepository through the SDK: an empty repository needs no force; a missing one is RepositoryNotFoundException', async () => {
    const client = berth.sdk();
    await client.send(new CreateRepositoryCommand({ repositoryName: 'empty-one' }));
    const deleted = await client.send(new DeleteRepositoryCommand({ repositoryName: 'empty-one' }));
    assert.equal(deleted.repository?.repositoryName, 'empty-one');
    assert.ok(deleted.repository?.createdAt instanceof Date);
    await assert.rejects(client.send(new DeleteRepositoryCommand({ repositoryName: 'empty-one' })), {
      name: 'RepositoryNotFoundException',
      message: `The repository with name 'empty-one' does not exist in the registry with id '${accountId}'`,
    });
  });

  test('tag-resource / list-tags-for-resource / untag-resource by repository ARN (CLI): add, overwrite, keep, remove', async () => {
    await berth.aws(['create-repository', '--repository-name', 'tagged', '--tags', 'Key=team,Value=platform']);
    const added = await berth.aws(['tag-resource', '--resource-arn', arnOf('tagged'), '--tags', 'Key=env,Value=dev', 'Key=cost,Value=42']);
    assert.equal(added.status, 0, added.stderr);
    assert.deepEqual(await tagsOf('tagged'), [
      { Key: 'cost', Value: '42' },
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'platform' },
    ]);
    await berth.aws(['tag-resource', '--resource-arn', arnOf('tagged'), '--tags', 'Key=env,Value=prod']);
    const removed = await berth.aws(['untag-resource', '--resource-arn', arnOf('tagged'), '--tag-keys', 'cost', 'not-there']);
    assert.equal(removed.status, 0, removed.stderr);
    assert.deepEqual(await tagsOf('tagged'), [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'platform' },
    ]);
  });

  test('TagResource / ListTagsForResource / UntagResource through the SDK; a value may be empty', async () => {
    const client = berth.sdk();
    const created = await client.send(new CreateRepositoryCommand({ repositoryName: 'sdk-tagged' }));
    const resourceArn = created.repository!.repositoryArn!;
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags, []);
    await client.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'owner', Value: '' }, { Key: 'tier', Value: 'gold' }] }));
    await client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['tier'] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags, [{ Key: 'owner', Value: '' }]);
  });

  test('an ARN that is not a repository of this account and region is InvalidParameterException; a missing repository is RepositoryNotFoundException', async () => {
    await berth.aws(['create-repository', '--repository-name', 'arn-target']);
    const badArns = [
      'invalid',
      `arn:aws:ecr:us-east-1:${accountId}:registry/arn-target`,
      `arn:aws:ecr:eu-west-1:${accountId}:repository/arn-target`,
      'arn:aws:ecr:us-east-1:111122223333:repository/arn-target',
      `arn:aws:s3:us-east-1:${accountId}:repository/arn-target`,
      `arn:aws:ecr:us-east-1:${accountId}:repository/Not_Valid`,
    ];
    const client = berth.sdk();
    for (const arn of badArns) {
      const cli = await berth.aws(['list-tags-for-resource', '--resource-arn', arn]);
      assert.equal(cliErrorType(cli), 'InvalidParameterException', `${arn}: ${cli.stderr}`);
      assert.ok(cli.stderr.includes(invalidArnMessage), cli.stderr);
      for (const command of [
        new ListTagsForResourceCommand({ resourceArn: arn }),
        new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'a', Value: 'b' }] }),
        new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }),
      ]) {
        await assert.rejects(client.send(command as never), { name: 'InvalidParameterException', message: invalidArnMessage }, `${command.constructor.name} ${arn}`);
      }
    }
    const cliTag = await berth.aws(['tag-resource', '--resource-arn', badArns[2]!, '--tags', 'Key=a,Value=b']);
    assert.equal(cliErrorType(cliTag), 'InvalidParameterException');
    assert.deepEqual(await tagsOf('arn-target'), [], 'no bad ARN tagged the real repository');
    await assert.rejects(berth.sdk().send(new ListTagsForResourceCommand({ resourceArn: arnOf('never-created') })), {
      name: 'RepositoryNotFoundException',
      message: `The repository with name 'never-created' does not exist in the registry with id '${accountId}'`,
    });
  });

  test('more than 50 tags on a repository is TooManyTagsException and changes nothing; overwriting at 50 is fine', async () => {
    const client = berth.sdk();
    const resourceArn = (await client.send(new CreateRepositoryCommand({ repositoryName: 'many-tags' }))).repository!.repositoryArn!;
    const tags = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await assert.rejects(client.send(new TagResourceCommand({ resourceArn, tags: tags(0, 51) })), { name: 'TooManyTagsException' });
    await client.send(new TagResourceCommand({ resourceArn, tags: tags(0, 45) }));
    await assert.rejects(client.send(new TagResourceCommand({ resourceArn, tags: tags(45, 6) })), { name: 'TooManyTagsException' });
    assert.equal((await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags?.length, 45);
    await client.send(new TagResourceCommand({ resourceArn, tags: tags(40, 10) }));
    await client.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'k0', Value: 'changed' }] }));
    const listed = (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags!;
    assert.equal(listed.length, 50);
    assert.deepEqual(listed.find((tag) => tag.Key === 'k0'), { Key: 'k0', Value: 'changed' });

    const cli = await berth.aws(['tag-resource', '--resource-arn', resourceArn, '--tags', 'Key=one-too-many,Value=x']);
    assert.equal(cliErrorType(cli), 'TooManyTagsException');
  });

  test('a tag key over 128 characters, a value over 256, an empty key or a repeated key is InvalidTagParameterException', async () => {
    const client = berth.sdk();
    const resourceArn = (await client.send(new CreateRepositoryCommand({ repositoryName: 'bad-tags' }))).repository!.repositoryArn!;
    const invalid = [
      [{ Key: 'k'.repeat(129), Value: 'v' }],
      [{ Key: 'k', Value: 'v'.repeat(257) }],
      [{ Key: '', Value: 'v' }],
      [
        { Key: 'same', Value: '1' },
        { Key: 'same', Value: '2' },
      ],
    ];
    for (const tags of invalid) {
      await assert.rejects(client.send(new TagResourceCommand({ resourceArn, tags })), { name: 'InvalidTagParameterException' }, JSON.stringify(tags).slice(0, 80));
    }
    await client.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] }));
    await assert.rejects(client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['k'.repeat(129)] })), { name: 'InvalidTagParameterException' });
    const created = await berth.aws(['create-repository', '--repository-name', 'bad-create-tags', '--tags', `Key=${'k'.repeat(129)},Value=v`]);
    assert.equal(cliErrorType(created), 'InvalidTagParameterException', 'CreateRepository checks its tags the same way');
  });

  test('describe-registry names the caller’s registry with an empty replication configuration (CLI and SDK)', async () => {
    const cli = await berth.aws(['describe-registry']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(cli.json, { registryId: accountId, replicationConfiguration: { rules: [] } });
    const sdk = await berth.sdk().send(new DescribeRegistryCommand({}));
    assert.equal(sdk.registryId, accountId);
    assert.deepEqual(sdk.replicationConfiguration, { rules: [] });
  });

  test('account settings: defaults, a round trip through put and get, and every setting’s valid values', async () => {
    const get = async (name: string) => (await berth.aws(['get-account-setting', '--name', name])).json;
    assert.deepEqual(await get('BASIC_SCAN_TYPE_VERSION'), { name: 'BASIC_SCAN_TYPE_VERSION', value: 'AWS_NATIVE' });
    assert.deepEqual(await get('REGISTRY_POLICY_SCOPE'), { name: 'REGISTRY_POLICY_SCOPE', value: 'V2' });
    assert.deepEqual(await get('BLOB_MOUNTING'), { name: 'BLOB_MOUNTING', value: 'ENABLED' }, 'Berth mounts by default');

    const put = await berth.aws(['put-account-setting', '--name', 'BLOB_MOUNTING', '--value', 'DISABLED']);
    assert.equal(put.status, 0, put.stderr);
    assert.deepEqual(put.json, { name: 'BLOB_MOUNTING', value: 'DISABLED' });
    assert.deepEqual(await get('BLOB_MOUNTING'), { name: 'BLOB_MOUNTING', value: 'DISABLED' });

    const client = berth.sdk();
    for (const [name, value] of [
      ['BLOB_MOUNTING', 'ENABLED'],
      ['BASIC_SCAN_TYPE_VERSION', 'AWS_NATIVE'],
      ['REGISTRY_POLICY_SCOPE', 'V2'],
    ] as const) {
      assert.deepEqual(await client.send(new PutAccountSettingCommand({ name, value })).then(({ name, value }) => ({ name, value })), { name, value });
      assert.equal((await client.send(new GetAccountSettingCommand({ name }))).value, value);
    }
  });

  test('an unknown setting name or a value the setting does not take is InvalidParameterException', async () => {
    const client = berth.sdk();
    await assert.rejects(client.send(new GetAccountSettingCommand({ name: 'NO_SUCH_SETTING' })), {
      name: 'InvalidParameterException',
      message: /^Invalid parameter at 'name' failed to satisfy constraint: .*BLOB_MOUNTING/,
    });
    for (const [name, value] of [
      ['BLOB_MOUNTING', 'enabled'],
      ['BLOB_MOUNTING', 'YES'],
      ['BASIC_SCAN_TYPE_VERSION', 'CLAIR'],
      ['REGISTRY_POLICY_SCOPE', 'V3'],
      ['NO_SUCH_SETTING', 'ENABLED'],
    ]) {
      await assert.rejects(client.send(new PutAccountSettingCommand({ name, value })), { name: 'InvalidParameterException' }, `${name}=${value}`);
    }
    const cli = await berth.aws(['put-account-setting', '--name', 'BLOB_MOUNTING', '--value', 'MAYBE']);
    assert.equal(cliErrorType(cli), 'InvalidParameterException');
    assert.match(cli.stderr, /Invalid parameter at 'value' failed to satisfy constraint: 'Value for BLOB_MOUNTING must be one of \[ENABLED, DISABLED\]'/);
    const tooLong = await berth.aws(['get-account-setting', '--name', 'X'.repeat(65)]);
    assert.equal(cliErrorType(tooLong), 'InvalidParameterException');
    assert.match(tooLong.stderr, /Invalid parameter at 'name' failed to satisfy constraint: 'Member must have length less than or equal to 64'/);
    assert.equal((await client.send(new GetAccountSettingCommand({ name: 'BLOB_MOUNTING' }))).value, 'ENABLED', 'nothing changed');
  });

  test('with BLOB_MOUNTING DISABLED a /v2/ cross-repository mount starts an upload session (202) instead of mounting', async () => {
    for (const name of ['mount/source', 'mount/target']) await berth.aws(['create-repository', '--repository-name', name]);
    const digest = await pushBlob(registry, 'mount/source', Buffer.from('a layer both repositories could share'));
    const mount = () => v2(registry, 'POST', `/v2/mount/target/blobs/uploads/?mount=${digest}&from=mount/source`);

    await berth.aws(['put-account-setting', '--name', 'BLOB_MOUNTING', '--value', 'DISABLED']);
    const refused = await mount();
    assert.equal(refused.status, 202, refused.body.toString());
    assert.match(String(refused.headers.location), /^\/v2\/mount\/target\/blobs\/uploads\/[0-9a-f-]{36}$/);
    assert.equal((await v2(registry, 'HEAD', `/v2/mount/target/blobs/${digest}`)).status, 404, 'nothing was mounted');
    assert.equal((await v2(registry, 'DELETE', String(refused.headers.location))).status, 204, 'the session is a real one');

    await berth.aws(['put-account-setting', '--name', 'BLOB_MOUNTING', '--value', 'ENABLED']);
    const mounted = await mount();
    assert.equal(mounted.status, 201, mounted.body.toString());
    assert.equal(mounted.headers['docker-content-digest'], digest);
    assert.equal((await v2(registry, 'HEAD', `/v2/mount/target/blobs/${digest}`)).status, 200);
  });
});
