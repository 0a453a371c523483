// IAM policies and groups through the real AWS CLI: inline user policies (put, get, list, delete),
// customer managed policies (create, get, attach, detach, list attached), groups (create, get, add
// and remove members, inline and attached group policies), IAM's quotas, and DeleteUser refusing a
// user that still holds policies or groups. Documents are checked when written: malformed ones are
// MalformedPolicyDocument with the policy engine's reason.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEcrBerth, type EcrBerth } from '../ecr/ecr-harness.js';
import { cliErrorType, iam, ok, sts } from './iam-harness.js';

const allowEcr = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('IAM policies and groups', () => {
  let berth: EcrBerth;
  let accountId: string;
  before(async () => {
    berth = await startEcrBerth();
    accountId = ok(await sts(berth, ['get-caller-identity'])).Account;
    for (const name of ['alice', 'bob']) ok(await iam(berth, ['create-user', '--user-name', name]));
  });
  after(async () => {
    await berth?.stop();
  });

  test('inline user policies: put (inline or file://), get decoded, list, replace, delete; NoSuchEntity for what is not there', async () => {
    ok(await iam(berth, ['put-user-policy', '--user-name', 'alice', '--policy-name', 'pull', '--policy-document', allowEcr('ecr:BatchGetImage')]));
    const file = join(berth.dataDir, 'push.json');
    await writeFile(file, allowEcr('ecr:PutImage'));
    ok(await iam(berth, ['put-user-policy', '--user-name', 'alice', '--policy-name', 'Push', '--policy-document', `file://${file}`]));

    const got = ok(await iam(berth, ['get-user-policy', '--user-name', 'alice', '--policy-name', 'pull']));
    assert.deepEqual(got, { UserName: 'alice', PolicyName: 'pull', PolicyDocument: JSON.parse(allowEcr('ecr:BatchGetImage')) });
    assert.deepEqual(ok(await iam(berth, ['list-user-policies', '--user-name', 'alice'])).PolicyNames, ['Push', 'pull']);
    assert.deepEqual(ok(await iam(berth, ['list-user-policies', '--user-name', 'alice', '--page-size', '1'])).PolicyNames, ['Push', 'pull']);

    ok(await iam(berth, ['put-user-policy', '--user-name', 'alice', '--policy-name', 'pull', '--policy-document', allowEcr('ecr:*')]));
    assert.equal(ok(await iam(berth, ['get-user-policy', '--user-name', 'alice', '--policy-name', 'pull'])).PolicyDocument.Statement[0].Action, 'ecr:*', 'replaced');

    ok(await iam(berth, ['delete-user-policy', '--user-name', 'alice', '--policy-name', 'Push']));
    assert.deepEqual(ok(await iam(berth, ['list-user-policies', '--user-name', 'alice'])).PolicyNames, ['pull']);
    const missing = await iam(berth, ['get-user-policy', '--user-name', 'alice', '--policy-name', 'Push']);
    assert.equal(cliErrorType(missing), 'NoSuchEntity');
    assert.match(missing.stderr, /The user policy with name Push cannot be found\./);
    assert.equal(cliErrorType(await iam(berth, ['delete-user-policy', '--user-name', 'alice', '--policy-name', 'Push'])), 'NoSuchEntity');
    assert.equal(cliErrorType(await iam(berth, ['put-user-policy', '--user-name', 'nobody', '--policy-name', 'p', '--policy-document', allowEcr('ecr:*')])), 'NoSuchEntity');

    const conflict = await iam(berth, ['delete-user', '--user-name', 'alice']);
    assert.equal(cliErrorType(conflict), 'DeleteConflict');
    assert.match(conflict.stderr, /must delete policies first/);
    ok(await iam(berth, ['delete-user-policy', '--user-name', 'alice', '--policy-name', 'pull']));
  });

  test('malformed documents are refused at write time with MalformedPolicyDocument and a reason; sizes are held to IAM quotas, whitespace not counted', async () => {
    for (const document of ['{"Statement": [', '[]', '"just text"', '42']) {
      const refused = await iam(berth, ['put-user-policy', '--user-name', 'bob', '--policy-name', 'bad', '--policy-document', document]);
      assert.equal(cliErrorType(refused), 'MalformedPolicyDocument', document);
      assert.match(refused.stderr, /MalformedPolicyDocument\) when calling the PutUserPolicy operation[^:]*: \S/, 'with a reason');
      assert.equal(cliErrorType(await iam(berth, ['create-policy', '--policy-name', 'bad', '--policy-document', document])), 'MalformedPolicyDocument', document);
    }
    assert.deepEqual(ok(await iam(berth, ['list-user-policies', '--user-name', 'bob'])).PolicyNames, [], 'nothing was stored');

    // 2,048 characters for all of a user's inline policies together, not counting whitespace.
    const padded = (size: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: `arn:aws:ecr:*:*:repository/${'r'.repeat(size)}` }] });
    const base = padded(0).length;
    const airy = padded(1500 - base).replace(/,/g, ',' + ' '.repeat(1000));
    assert.ok(airy.length > 2048, 'over the quota only if whitespace counted');
    ok(await iam(berth, ['put-user-policy', '--user-name', 'bob', '--policy-name', 'first', '--policy-document', airy]));
    // Replacing a policy is not adding to it.
    ok(await iam(berth, ['put-user-policy', '--user-name', 'bob', '--policy-name', 'first', '--policy-document', padded(1600 - base)]));
    const over = await iam(berth, ['put-user-policy', '--user-name', 'bob', '--policy-name', 'second', '--policy-document', padded(449 - base)]);
    assert.equal(cliErrorType(over), 'LimitExceeded');
    assert.match(over.stderr, /Maximum policy size of 2048 bytes exceeded for user bob/);
    ok(await iam(berth, ['put-user-policy', '--user-name', 'bob', '--policy-name', 'second', '--policy-document', padded(448 - base)])); // exactly 2,048
    for (const name of ['first', 'second']) ok(await iam(berth, ['delete-user-policy', '--user-name', 'bob', '--policy-name', name]));

    const managedOver = await iam(berth, ['create-policy', '--policy-name', 'huge', '--policy-document', padded(6145 - base)]);
    assert.equal(cliErrorType(managedOver), 'LimitExceeded');
    assert.match(managedOver.stderr, /Cannot exceed quota for PolicySize: 6144/);
  });

  test('managed policies: create in IAM shape, attach to a user (idempotent), count attachments, list, detach; only this account\'s policies attach', async () => {
    const policy = ok(await iam(berth, ['create-policy', '--policy-name', 'EcrPull', '--path', '/ci/', '--description', 'pull images', '--policy-document', allowEcr('ecr:BatchGetImage')])).Policy;
    assert.equal(policy.Arn, `arn:aws:iam::${accountId}:policy/ci/EcrPull`);
    assert.match(policy.PolicyId, /^ANPA[A-Z2-7]{17}$/);
    assert.deepEqual(
      { DefaultVersionId: policy.DefaultVersionId, AttachmentCount: policy.AttachmentCount, IsAttachable: policy.IsAttachable, Path: policy.Path, Description: policy.Description },
      { DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true, Path: '/ci/', Description: 'pull images' },
    );
    const duplicate = await iam(berth, ['create-policy', '--policy-name', 'ecrpull', '--policy-document', allowEcr('ecr:*')]);
    assert.equal(cliErrorType(duplicate), 'EntityAlreadyExists');
    assert.match(duplicate.stderr, /A policy called ecrpull already exists/);

    for (let i = 0; i < 2; i++) ok(await iam(berth, ['attach-user-policy', '--user-name', 'alice', '--policy-arn', policy.Arn]));
    assert.equal(ok(await iam(berth, ['get-policy', '--policy-arn', policy.Arn])).Policy.AttachmentCount, 1);
    assert.deepEqual(ok(await iam(berth, ['list-attached-user-policies', '--user-name', 'alice'])).AttachedPolicies, [{ PolicyName: 'EcrPull', PolicyArn: policy.Arn }]);
    assert.deepEqual(ok(await iam(berth, ['list-attached-user-policies', '--user-name', 'alice', '--path-prefix', '/other/'])).AttachedPolicies, []);

    const conflict = await iam(berth, ['delete-user', '--user-name', 'alice']);
    assert.equal(cliErrorType(conflict), 'DeleteConflict');
    assert.match(conflict.stderr, /must detach all policies first/);

    for (const arn of ['arn:aws:iam::aws:policy/AdministratorAccess', `arn:aws:iam::${accountId}:policy/EcrPull`, `arn:aws:iam::${accountId}:policy/ci/Nothing`]) {
      const refused = await iam(berth, ['attach-user-policy', '--user-name', 'bob', '--policy-arn', arn]);
      assert.equal(cliErrorType(refused), 'NoSuchEntity', arn);
      assert.match(refused.stderr, /does not exist or is not attachable/);
    }
    assert.equal(cliErrorType(await iam(berth, ['attach-user-policy', '--user-name', 'bob', '--policy-arn', 'arn:aws:iam::policy/EcrPull'])), 'InvalidInput');

    ok(await iam(berth, ['detach-user-policy', '--user-name', 'alice', '--policy-arn', policy.Arn]));
    assert.equal(cliErrorType(await iam(berth, ['detach-user-policy', '--user-name', 'alice', '--policy-arn', policy.Arn])), 'NoSuchEntity');
    assert.equal(ok(await iam(berth, ['get-policy', '--policy-arn', policy.Arn])).Policy.AttachmentCount, 0);
  });

  test('groups: create, add members, inline and attached group policies, list both ways; a member cannot be deleted until removed', async () => {
    const group = ok(await iam(berth, ['create-group', '--group-name', 'Deployers', '--path', '/ci/'])).Group;
    assert.equal(group.Arn, `arn:aws:iam::${accountId}:group/ci/Deployers`);
    assert.match(group.GroupId, /^AGPA[A-Z2-7]{17}$/);
    assert.equal(cliErrorType(await iam(berth, ['create-group', '--group-name', 'deployers'])), 'EntityAlreadyExists');

    ok(await iam(berth, ['add-user-to-group', '--group-name', 'deployers', '--user-name', 'bob']));
    ok(await iam(berth, ['add-user-to-group', '--group-name', 'Deployers', '--user-name', 'alice']));
    const got = ok(await iam(berth, ['get-group', '--group-name', 'Deployers']));
    assert.deepEqual(got.Group, group);
    assert.deepEqual(got.Users.map((user: { UserName: string }) => user.UserName), ['alice', 'bob']);
    assert.deepEqual(ok(await iam(berth, ['list-groups-for-user', '--user-name', 'bob'])).Groups, [group]);
    assert.equal(cliErrorType(await iam(berth, ['add-user-to-group', '--group-name', 'nogroup', '--user-name', 'bob'])), 'NoSuchEntity');

    ok(await iam(berth, ['put-group-policy', '--group-name', 'Deployers', '--policy-name', 'push', '--policy-document', allowEcr('ecr:PutImage')]));
    assert.equal(cliErrorType(await iam(berth, ['put-group-policy', '--group-name', 'Deployers', '--policy-name', 'bad', '--policy-document', '[]'])), 'MalformedPolicyDocument');
    const policy = ok(await iam(berth, ['create-policy', '--policy-name', 'GroupPull', '--policy-document', allowEcr('ecr:BatchGetImage')])).Policy;
    ok(await iam(berth, ['attach-group-policy', '--group-name', 'Deployers', '--policy-arn', policy.Arn]));
    assert.equal(ok(await iam(berth, ['get-policy', '--policy-arn', policy.Arn])).Policy.AttachmentCount, 1);

    const conflict = await iam(berth, ['delete-user', '--user-name', 'bob']);
    assert.equal(cliErrorType(conflict), 'DeleteConflict');
    assert.match(conflict.stderr, /must remove users from group first/);
    ok(await iam(berth, ['remove-user-from-group', '--group-name', 'Deployers', '--user-name', 'bob']));
    assert.equal(cliErrorType(await iam(berth, ['remove-user-from-group', '--group-name', 'Deployers', '--user-name', 'bob'])), 'NoSuchEntity');
    assert.deepEqual(ok(await iam(berth, ['list-groups-for-user', '--user-name', 'bob'])).Groups, []);
    ok(await iam(berth, ['delete-user', '--user-name', 'bob']));
  });
});
