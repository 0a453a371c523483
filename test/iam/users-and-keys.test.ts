// IAM users and access keys through the real AWS CLI: `aws iam create-user | get-user | list-users |
// delete-user | create-access-key | list-access-keys | update-access-key | delete-access-key` against
// a Berth with authentication on, with IAM's shapes and errors. A key created through IAM is a real
// key: it signs ECR and STS requests as its user, and stops working when deactivated or deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEcrBerth, type EcrBerth } from '../ecr/ecr-harness.js';
import { cliErrorType, iam, ok, sts } from './iam-harness.js';

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('IAM users and access keys', () => {
  let berth: EcrBerth;
  let accountId: string;
  before(async () => {
    berth = await startEcrBerth();
    accountId = ok(await sts(berth, ['get-caller-identity'])).Account;
  });
  after(async () => {
    await berth?.stop();
  });

  test('create-user, get-user, list-users and delete-user, with paths and tags, in IAM shapes', async () => {
    const alice = ok(await iam(berth, ['create-user', '--user-name', 'alice'])).User;
    assert.equal(alice.UserName, 'alice');
    assert.equal(alice.Path, '/');
    assert.match(alice.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(alice.Arn, `arn:aws:iam::${accountId}:user/alice`);
    assert.match(alice.CreateDate, isoDate);
    assert.equal(alice.Tags, undefined, 'no tags, no Tags member');

    const bob = ok(await iam(berth, ['create-user', '--user-name', 'Bob', '--path', '/ops/team/', '--tags', 'Key=team,Value=ops', 'Key=cost center,Value=42'])).User;
    assert.equal(bob.Arn, `arn:aws:iam::${accountId}:user/ops/team/Bob`);
    assert.deepEqual(bob.Tags, [{ Key: 'team', Value: 'ops' }, { Key: 'cost center', Value: '42' }]);
    assert.deepEqual(ok(await iam(berth, ['get-user', '--user-name', 'bob'])).User, bob, 'names are found whatever their case');

    const root = ok(await iam(berth, ['get-user'])).User;
    assert.deepEqual({ UserId: root.UserId, Arn: root.Arn }, { UserId: accountId, Arn: `arn:aws:iam::${accountId}:root` }, 'without a name: the caller');

    const { Tags: _tags, ...bobListed } = bob;
    assert.deepEqual(ok(await iam(berth, ['list-users'])).Users, [bobListed, alice], 'byte order of names, without tags');
    assert.deepEqual(ok(await iam(berth, ['list-users', '--path-prefix', '/ops/'])).Users, [bobListed]);
    assert.deepEqual(ok(await iam(berth, ['list-users', '--page-size', '1'])).Users, [bobListed, alice], 'the CLI follows Marker page by page');
    const firstPage = ok(await iam(berth, ['list-users', '--max-items', '1']));
    assert.deepEqual(firstPage.Users, [bobListed]);
    assert.ok(firstPage.NextToken, 'a truncated list hands the CLI a token for the rest');

    ok(await iam(berth, ['delete-user', '--user-name', 'ALICE']));
    const gone = await iam(berth, ['get-user', '--user-name', 'alice']);
    assert.equal(cliErrorType(gone), 'NoSuchEntity');
    assert.match(gone.stderr, /The user with name alice cannot be found\./);
  });

  test('IAM errors: EntityAlreadyExists whatever the case, ValidationError for names and paths, NoSuchEntity, unsupported parameters refused', async () => {
    ok(await iam(berth, ['create-user', '--user-name', 'dup']));
    for (const name of ['dup', 'DUP']) {
      const again = await iam(berth, ['create-user', '--user-name', name]);
      assert.equal(cliErrorType(again), 'EntityAlreadyExists', name);
      assert.match(again.stderr, new RegExp(`User with name ${name} already exists\\.`));
    }
    const spaced = await iam(berth, ['create-user', '--user-name', 'has space']);
    assert.equal(cliErrorType(spaced), 'ValidationError');
    assert.match(spaced.stderr, /Value 'has space' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\+/);
    const long = await iam(berth, ['create-user', '--user-name', 'x'.repeat(65)]);
    assert.equal(cliErrorType(long), 'ValidationError');
    assert.match(long.stderr, /Member must have length less than or equal to 64/);
    assert.equal(cliErrorType(await iam(berth, ['create-user', '--user-name', 'pathless', '--path', 'no-slashes'])), 'ValidationError');
    assert.equal(cliErrorType(await iam(berth, ['delete-user', '--user-name', 'nobody'])), 'NoSuchEntity');
    const boundary = await iam(berth, ['create-user', '--user-name', 'bounded', '--permissions-boundary', `arn:aws:iam::${accountId}:policy/boundary`]);
    assert.equal(cliErrorType(boundary), 'InvalidInput');
    assert.match(boundary.stderr, /Berth does not support the parameter PermissionsBoundary of CreateUser/);
    assert.equal(cliErrorType(await iam(berth, ['get-user', '--user-name', 'bounded'])), 'NoSuchEntity', 'nothing was created');
  });

  test("a key from create-access-key signs ECR and STS requests as its user; list, deactivate, reactivate, delete; at most two per user", async () => {
    ok(await iam(berth, ['create-user', '--user-name', 'carol', '--path', '/ci/']));
    const created = ok(await iam(berth, ['create-access-key', '--user-name', 'carol'])).AccessKey;
    assert.equal(created.UserName, 'carol');
    assert.match(created.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(created.SecretAccessKey.length, 40);
    assert.equal(created.Status, 'Active');
    assert.match(created.CreateDate, isoDate);
    const carol = { accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey };
    const carolArn = `arn:aws:iam::${accountId}:user/ci/carol`;

    const identity = ok(await sts(berth, ['get-caller-identity'], carol));
    assert.equal(identity.Arn, carolArn);
    assert.equal(identity.Account, accountId);
    assert.equal(identity.UserId, ok(await iam(berth, ['get-user', '--user-name', 'carol'])).User.UserId);
    const ecrCall = await berth.aws(['describe-repositories'], { credentials: carol });
    assert.equal(cliErrorType(ecrCall), 'AccessDeniedException', 'signed as carol, who has no policy yet');
    assert.match(ecrCall.stderr, new RegExp(`User: ${carolArn} is not authorized to perform: ecr:DescribeRepositories`));

    const listed = ok(await iam(berth, ['list-access-keys', '--user-name', 'carol'])).AccessKeyMetadata;
    assert.deepEqual(listed, [{ UserName: 'carol', AccessKeyId: carol.accessKeyId, Status: 'Active', CreateDate: created.CreateDate }], 'no secret');
    const second = ok(await iam(berth, ['create-access-key', '--user-name', 'carol'])).AccessKey;
    const third = await iam(berth, ['create-access-key', '--user-name', 'carol']);
    assert.equal(cliErrorType(third), 'LimitExceeded');
    assert.match(third.stderr, /Cannot exceed quota for AccessKeysPerUser: 2/);

    ok(await iam(berth, ['update-access-key', '--user-name', 'carol', '--access-key-id', carol.accessKeyId, '--status', 'Inactive']));
    assert.equal(ok(await iam(berth, ['list-access-keys', '--user-name', 'carol'])).AccessKeyMetadata[0].Status, 'Inactive');
    assert.equal(cliErrorType(await sts(berth, ['get-caller-identity'], carol)), 'InvalidClientTokenId', 'an inactive key signs nothing');
    assert.equal(cliErrorType(await berth.aws(['describe-repositories'], { credentials: carol })), 'UnrecognizedClientException');
    ok(await iam(berth, ['update-access-key', '--user-name', 'carol', '--access-key-id', carol.accessKeyId, '--status', 'Active']));
    assert.equal(ok(await sts(berth, ['get-caller-identity'], carol)).Arn, carolArn, 'active again');

    const conflict = await iam(berth, ['delete-user', '--user-name', 'carol']);
    assert.equal(cliErrorType(conflict), 'DeleteConflict');
    assert.match(conflict.stderr, /must delete access keys first/);
    assert.equal(cliErrorType(await iam(berth, ['delete-access-key', '--access-key-id', carol.accessKeyId])), 'NoSuchEntity', "without a user name: the root's keys");
    for (const key of [carol.accessKeyId, second.AccessKeyId]) ok(await iam(berth, ['delete-access-key', '--user-name', 'carol', '--access-key-id', key]));
    assert.equal(cliErrorType(await sts(berth, ['get-caller-identity'], carol)), 'InvalidClientTokenId', 'a deleted key signs nothing');
    assert.equal(cliErrorType(await iam(berth, ['update-access-key', '--user-name', 'carol', '--access-key-id', carol.accessKeyId, '--status', 'Active'])), 'NoSuchEntity');
    ok(await iam(berth, ['delete-user', '--user-name', 'carol']));
  });

  test("the root lists its own keys without a user name; a user's key may not administer IAM (AccessDenied)", async () => {
    const rootKeys = ok(await iam(berth, ['list-access-keys'])).AccessKeyMetadata as { AccessKeyId: string; UserName?: string }[];
    assert.ok(rootKeys.some((key) => key.AccessKeyId === berth.credentials.accessKeyId && key.UserName === undefined));

    ok(await iam(berth, ['create-user', '--user-name', 'dave']));
    const key = ok(await iam(berth, ['create-access-key', '--user-name', 'dave'])).AccessKey;
    const dave = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    const denied = await iam(berth, ['create-user', '--user-name', 'eve'], dave);
    assert.equal(cliErrorType(denied), 'AccessDenied');
    assert.match(
      denied.stderr,
      new RegExp(`User: arn:aws:iam::${accountId}:user/dave is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${accountId}:user/eve`),
    );
    assert.equal(cliErrorType(await iam(berth, ['create-access-key'], dave)), 'AccessDenied', 'not even a key for itself');
    assert.equal(ok(await sts(berth, ['get-caller-identity'], dave)).Arn, `arn:aws:iam::${accountId}:user/dave`, 'GetCallerIdentity needs no permission');
  });
});
