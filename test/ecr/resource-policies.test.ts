// The six resource policy operations through the unchanged AWS CLI: Set/Get/DeleteRepositoryPolicy
// and Put/Get/DeleteRegistryPolicy with ECR's answers and exceptions; bad documents (malformed,
// 10,241 characters, semantically invalid) refused with InvalidParameterException while the policy
// in force stays; SetRepositoryPolicy's lock-out guard and `--force`; a policy gone with its
// repository; and refusals that name the action, the ARN and the kind of policy that denied.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliErrorType, region, startEcrBerth, type AwsResult, type EcrBerth } from './ecr-harness.js';

const pullActions = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

describe('ECR repository and registry policies', () => {
  let berth: EcrBerth;
  let accountId: string;

  const ok = (result: AwsResult) => {
    assert.equal(result.status, 0, result.stderr);
    return result.json;
  };
  const refused = (result: AwsResult, type: string, message: string | RegExp) => {
    assert.equal(cliErrorType(result), type, result.stderr || result.stdout);
    if (typeof message === 'string') assert.ok(result.stderr.includes(message), `expected ${JSON.stringify(message)} in ${result.stderr}`);
    else assert.match(result.stderr, message);
  };
  const repositoryPolicy = (sid: string, extra: object = {}) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: pullActions, ...extra }] });
  const setPolicy = (repository: string, text: string, ...flags: string[]) =>
    berth.aws(['set-repository-policy', '--repository-name', repository, '--policy-text', text, ...flags]);
  const policyOf = async (repository: string) => ok(await berth.aws(['get-repository-policy', '--repository-name', repository])).policyText;
  const invalidRepositoryPolicy = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'";

  before(async () => {
    berth = await startEcrBerth();
    accountId = ok(await berth.aws(['describe-registry'])).registryId;
    for (const name of ['policies/app', 'policies/locked', 'policies/doomed', 'policies/fenced']) ok(await berth.aws(['create-repository', '--repository-name', name]));
  });
  after(async () => {
    await berth?.stop();
  });

  test('set-repository-policy, get-repository-policy and delete-repository-policy answer with the text as it was set', async () => {
    refused(
      await berth.aws(['get-repository-policy', '--repository-name', 'policies/app']),
      'RepositoryPolicyNotFoundException',
      `Repository policy does not exist for the repository with name 'policies/app' in the registry with id '${accountId}'`,
    );
    const pretty = JSON.stringify(JSON.parse(repositoryPolicy('Pull')), null, 2);
    assert.deepEqual(ok(await setPolicy('policies/app', pretty)), { registryId: accountId, repositoryName: 'policies/app', policyText: pretty });
    assert.deepEqual(ok(await berth.aws(['get-repository-policy', '--repository-name', 'policies/app'])), {
      registryId: accountId,
      repositoryName: 'policies/app',
      policyText: pretty,
    });
    ok(await setPolicy('policies/app', repositoryPolicy('Replaced')));
    assert.equal(await policyOf('policies/app'), repositoryPolicy('Replaced'), 'a second set replaces the first');

    assert.deepEqual(ok(await berth.aws(['delete-repository-policy', '--repository-name', 'policies/app'])), {
      registryId: accountId,
      repositoryName: 'policies/app',
      policyText: repositoryPolicy('Replaced'),
    });
    refused(await berth.aws(['delete-repository-policy', '--repository-name', 'policies/app']), 'RepositoryPolicyNotFoundException', /Repository policy does not exist/);
    for (const operation of ['get-repository-policy', 'delete-repository-policy']) {
      refused(
        await berth.aws([operation, '--repository-name', 'policies/none']),
        'RepositoryNotFoundException',
        `The repository with name 'policies/none' does not exist in the registry with id '${accountId}'`,
      );
    }
    refused(await setPolicy('policies/none', repositoryPolicy('Pull')), 'RepositoryNotFoundException', /'policies\/none' does not exist/);
  });

  test('malformed, oversized (10,241 characters) and semantically invalid repository policies are InvalidParameterException; the policy in force stays', async () => {
    ok(await setPolicy('policies/app', repositoryPolicy('InForce')));
    const oversized = repositoryPolicy('Big').replace('"Version"', `"Id":"${'x'.repeat(10_241 - repositoryPolicy('Big').length - 8)}","Version"`);
    assert.equal(oversized.length, 10_241);
    const cases: [string, string, string | RegExp][] = [
      ['malformed JSON', '{"Version": "2012-10-17", "Statement": [', `${invalidRepositoryPolicy}. Syntax errors in policy.`],
      ['not an object', '[]', invalidRepositoryPolicy],
      ['10,241 characters', oversized, /InvalidParameterException.*10240/],
      ['no Principal', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage' }] }), `${invalidRepositoryPolicy}. Missing required field Principal`],
      ['an action without a service', repositoryPolicy('NoVendor', { Action: 'BatchGetImage' }), `${invalidRepositoryPolicy}. Actions/Conditions must be prefaced by a vendor`],
      ['an effect IAM does not know', repositoryPolicy('Maybe', { Effect: 'Perhaps' }), invalidRepositoryPolicy],
      ['a CIDR that is none', repositoryPolicy('BadCidr', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }), `${invalidRepositoryPolicy}. The policy failed legacy parsing`],
      ['a principal that is no ARN', repositoryPolicy('Who', { Principal: { AWS: 'alice' } }), `${invalidRepositoryPolicy}. Invalid principal in policy: "AWS":"alice"`],
    ];
    for (const [what, text, message] of cases) {
      const result = await setPolicy('policies/app', text);
      refused(result, 'InvalidParameterException', message);
      assert.equal(await policyOf('policies/app'), repositoryPolicy('InForce'), `after ${what} the previous policy stays`);
    }
    const largest = repositoryPolicy('Big').replace('"Version"', `"Id":"${'x'.repeat(10_240 - repositoryPolicy('Big').length - 8)}","Version"`);
    assert.equal(largest.length, 10_240);
    ok(await setPolicy('policies/app', largest));
    assert.equal(await policyOf('policies/app'), largest, '10,240 characters is the limit, and is accepted');
  });

  test('without --force, a policy that would keep the caller from setting the policy again is refused; --force sets it', async () => {
    const lockOut = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Frozen', Effect: 'Deny', Principal: '*', Action: 'ecr:SetRepositoryPolicy' }] });
    refused(await setPolicy('policies/locked', lockOut), 'InvalidParameterException', /would prevent you from setting another policy in the future/);
    refused(await berth.aws(['get-repository-policy', '--repository-name', 'policies/locked']), 'RepositoryPolicyNotFoundException', /does not exist/);

    ok(await setPolicy('policies/locked', lockOut, '--force'));
    refused(
      await setPolicy('policies/locked', repositoryPolicy('Thaw'), '--force'),
      'AccessDeniedException',
      `User: arn:aws:iam::${accountId}:root is not authorized to perform: ecr:SetRepositoryPolicy on resource: arn:aws:ecr:${region}:${accountId}:repository/policies/locked with an explicit deny in a resource-based policy`,
    );
    assert.equal(await policyOf('policies/locked'), lockOut, 'even the root is held by an explicit deny');
    ok(await berth.aws(['delete-repository-policy', '--repository-name', 'policies/locked']));
    ok(await setPolicy('policies/locked', repositoryPolicy('Thaw')));
  });

  test('a repository policy goes with its repository: made again under the same name, it has none', async () => {
    ok(await setPolicy('policies/doomed', repositoryPolicy('Doomed')));
    ok(await berth.aws(['delete-repository', '--repository-name', 'policies/doomed', '--force']));
    ok(await berth.aws(['create-repository', '--repository-name', 'policies/doomed']));
    refused(await berth.aws(['get-repository-policy', '--repository-name', 'policies/doomed']), 'RepositoryPolicyNotFoundException', /does not exist/);
  });

  test('an explicit deny in a repository policy refuses even the root, naming the action and the ARN; removing it restores access', async () => {
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: ['ecr:DescribeImages', 'ecr:ListImages'] }] });
    ok(await setPolicy('policies/fenced', deny));
    const arn = `arn:aws:ecr:${region}:${accountId}:repository/policies/fenced`;
    refused(
      await berth.aws(['describe-images', '--repository-name', 'policies/fenced']),
      'AccessDeniedException',
      `User: arn:aws:iam::${accountId}:root is not authorized to perform: ecr:DescribeImages on resource: ${arn} with an explicit deny in a resource-based policy`,
    );
    refused(await berth.aws(['list-images', '--repository-name', 'policies/fenced']), 'AccessDeniedException', /ecr:ListImages on resource/);
    ok(await berth.aws(['describe-repositories', '--repository-names', 'policies/fenced']));
    ok(await berth.aws(['delete-repository-policy', '--repository-name', 'policies/fenced']));
    assert.deepEqual(ok(await berth.aws(['list-images', '--repository-name', 'policies/fenced'])).imageIds, []);
  });

  test('put-registry-policy, get-registry-policy and delete-registry-policy (scope V2: enforced on every repository)', async () => {
    const message = `Registry policy does not exist in the registry with id '${accountId}'`;
    refused(await berth.aws(['get-registry-policy']), 'RegistryPolicyNotFoundException', message);
    refused(await berth.aws(['delete-registry-policy']), 'RegistryPolicyNotFoundException', message);

    const noListing = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'NoListing', Effect: 'Deny', Principal: '*', Action: 'ecr:ListImages', Resource: `arn:aws:ecr:${region}:${accountId}:repository/*` }],
    });
    assert.deepEqual(ok(await berth.aws(['put-registry-policy', '--policy-text', noListing])), { registryId: accountId, policyText: noListing });
    assert.deepEqual(ok(await berth.aws(['get-registry-policy'])), { registryId: accountId, policyText: noListing });
    for (const repository of ['policies/app', 'policies/locked']) {
      refused(await berth.aws(['list-images', '--repository-name', repository]), 'AccessDeniedException', /ecr:ListImages .* with an explicit deny in a resource-based policy/);
    }

    const invalidRegistryPolicy = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'";
    const bad: [string, string | RegExp][] = [
      ['{"Statement": ', `${invalidRegistryPolicy}. Syntax errors in policy.`],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:ListImages' }] }), `${invalidRegistryPolicy}. Policy statement must contain resources.`],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }), `${invalidRegistryPolicy}. Registry policies can only grant ecr actions`],
      [`{"Id":"${'x'.repeat(10_241)}"}`, /InvalidParameterException.*10240/],
    ];
    for (const [text, expected] of bad) {
      refused(await berth.aws(['put-registry-policy', '--policy-text', text]), 'InvalidParameterException', expected);
      assert.equal(ok(await berth.aws(['get-registry-policy'])).policyText, noListing, 'the registry policy in force stays');
    }

    assert.deepEqual(ok(await berth.aws(['delete-registry-policy'])), { registryId: accountId, policyText: noListing });
    refused(await berth.aws(['get-registry-policy']), 'RegistryPolicyNotFoundException', message);
    ok(await berth.aws(['list-images', '--repository-name', 'policies/app']));
  });
});
