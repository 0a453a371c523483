// `berth admin` manages IAM as the API does, through the same services: users with paths, groups,
// inline and managed policies, keys; the same refusals in IAM's words; and a Berth started on the
// same data serves what the commands wrote to `aws iam` and `aws sts`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEcrBerth, type EcrBerth } from '../ecr/ecr-harness.js';
import { iam, ok, sts } from '../iam/iam-harness.js';
import { berthBin } from '../support/berth-process.js';
import { testBackend } from '../support/scale-out-backend.js';

describe('berth admin: IAM', { skip: testBackend() === 'scale-out' && 'runs on the embedded store only' }, () => {
  let dataDir: string;
  let berth: EcrBerth | undefined;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'berth-admin-iam-'));
  });
  after(async () => {
    await berth?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const admin = (...args: string[]) => {
    const result = spawnSync(process.execPath, [berthBin, 'admin', ...args, '--data', dataDir], { encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, json: () => JSON.parse(result.stdout) };
  };
  const succeeds = (...args: string[]) => {
    const result = admin(...args);
    assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
    return result.json();
  };

  test('users, groups, inline and managed policies and keys, with IAM refusals; the IAM API of a Berth on the same data sees them', async () => {
    const document = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    const user = succeeds('create-user', '--user-name', 'ci-bot', '--path', '/ci/');
    assert.match(user.Arn, /^arn:aws:iam::\d{12}:user\/ci\/ci-bot$/);
    const accountId = user.Arn.split(':')[4];
    succeeds('create-group', '--group-name', 'builders');
    succeeds('add-user-to-group', '--group-name', 'builders', '--user-name', 'ci-bot');
    const file = join(dataDir, 'push.json');
    await writeFile(file, document('ecr:PutImage'));
    succeeds('put-user-policy', '--user-name', 'ci-bot', '--policy-name', 'push', '--policy-document', `file://${file}`);
    succeeds('put-group-policy', '--group-name', 'builders', '--policy-name', 'pull', '--policy-document', document('ecr:BatchGetImage'));
    const policy = succeeds('create-policy', '--policy-name', 'Scan', '--path', '/sec/', '--policy-document', document('ecr:StartImageScan')).Policy;
    assert.equal(policy.Arn, `arn:aws:iam::${accountId}:policy/sec/Scan`);
    succeeds('attach-user-policy', '--user-name', 'ci-bot', '--policy-arn', policy.Arn);
    succeeds('attach-group-policy', '--group-name', 'builders', '--policy-arn', policy.Arn);

    const applied = succeeds('list-user-permissions', '--user-name', 'CI-BOT');
    assert.deepEqual(
      applied.Policies.map((entry: { source: string; policyName: string }) => `${entry.source}:${entry.policyName}`),
      ['user-inline:push', 'user-managed:Scan', 'group-inline:pull', 'group-managed:Scan'],
    );
    assert.equal(applied.Policies[0].document.Statement[0].Action, 'ecr:PutImage');

    const malformed = admin('put-user-policy', '--user-name', 'ci-bot', '--policy-name', 'bad', '--policy-document', '[]');
    assert.notEqual(malformed.status, 0);
    assert.match(malformed.stderr, /Syntax errors in policy\./);
    const conflict = admin('delete-user', '--user-name', 'ci-bot');
    assert.notEqual(conflict.status, 0);
    assert.match(conflict.stderr, /Cannot delete entity, must delete policies first\./);
    const key = succeeds('create-access-key', '--user-name', 'ci-bot');
    assert.deepEqual(succeeds('list-access-keys', '--user-name', 'ci-bot').AccessKeyMetadata.map((entry: { AccessKeyId: string }) => entry.AccessKeyId), [key.AccessKeyId]);
    assert.deepEqual(succeeds('list-users').Users.map((entry: { UserName: string }) => entry.UserName), ['ci-bot']);

    berth = await startEcrBerth({ dataDir });
    assert.deepEqual(ok(await iam(berth, ['get-user-policy', '--user-name', 'ci-bot', '--policy-name', 'push'])).PolicyDocument, JSON.parse(document('ecr:PutImage')));
    assert.equal(ok(await iam(berth, ['get-policy', '--policy-arn', policy.Arn])).Policy.AttachmentCount, 2);
    const caller = ok(await sts(berth, ['get-caller-identity'], { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }));
    assert.equal(caller.Arn, user.Arn);
  });
});
