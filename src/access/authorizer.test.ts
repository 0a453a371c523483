// The authorizer over facts held in memory: who may do what, on which ARN, and how a refusal is
// worded, for the callers Berth has (an account's root, IAM users) in their own and other accounts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRegistryError } from '../domain/registry-error.js';
import { rootPrincipal, userPrincipal, type Principal } from '../identity/principal.js';
import type { ResourceTag } from '../metadata/repository-catalog.js';
import { parseRepositoryPolicy, type RegistryPolicyScope } from '../policy/index.js';
import type { AccessFacts, RegistryPolicyFacts, RepositoryFacts } from './access-facts.js';
import { Authorizer, type AccessCheck, type AccessResource } from './authorizer.js';
import { ParsedPolicies } from './parsed-policies.js';

const A = '111111111111';
const B = '222222222222';
const region = 'us-east-1';
const appArn = `arn:aws:ecr:${region}:${A}:repository/app`;

/** Facts in memory, counting what the authorizer reads. */
class MemoryFacts implements AccessFacts {
  readonly userPolicies = new Map<string, string[]>();
  readonly repositories = new Map<string, RepositoryFacts & { tags: ResourceTag[] }>();
  readonly registryPolicies = new Map<string, RegistryPolicyFacts>();
  readonly reads = { identity: 0, repository: 0, registry: 0, tags: 0 };

  async identityPolicies(principal: Principal & { kind: 'user' }) {
    this.reads.identity += 1;
    return this.userPolicies.get(principal.arn) ?? [];
  }
  async repository(registryId: string, name: string) {
    this.reads.repository += 1;
    return this.repositories.get(`${registryId}/${name}`);
  }
  async registryPolicy(accountId: string) {
    this.reads.registry += 1;
    return this.registryPolicies.get(accountId);
  }
  async resourceTags(repositoryId: number) {
    this.reads.tags += 1;
    return [...this.repositories.values()].find((repository) => repository.repositoryId === repositoryId)?.tags ?? [];
  }

  addRepository(registryId: string, name: string, options: { policy?: object; tags?: ResourceTag[] } = {}) {
    const policyText = options.policy && JSON.stringify(options.policy);
    this.repositories.set(`${registryId}/${name}`, { repositoryId: this.repositories.size + 1, ...(policyText && { policyText }), tags: options.tags ?? [] });
  }
  setRegistryPolicy(accountId: string, policy: object, scope: RegistryPolicyScope = 'V2') {
    this.registryPolicies.set(accountId, { policyText: JSON.stringify(policy), scope });
  }
  setUserPolicies(principal: Principal, ...policies: object[]) {
    this.userPolicies.set(principal.arn, policies.map((policy) => JSON.stringify(policy)));
  }
}

const identityPolicy = (effect: 'Allow' | 'Deny', action: string | string[], resource: string | string[] = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Action: action, Resource: resource, ...extra }],
});
const resourcePolicy = (effect: 'Allow' | 'Deny', principal: unknown, action: string | string[], extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'S', Effect: effect, Principal: principal, Action: action, ...extra }],
});
const pull = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

const rootA = rootPrincipal(A);
const rootB = rootPrincipal(B);
const alice = userPrincipal(A, 'alice', 'AIDAALICE');
const bob = userPrincipal(B, 'bob', 'AIDABOB');
const app: AccessResource = { kind: 'repository', registryId: A, name: 'app' };

function setup() {
  const facts = new MemoryFacts();
  facts.addRepository(A, 'app');
  const authorizer = new Authorizer({ region, facts });
  const check = (principal: Principal, action: string, resource: AccessResource = app, extra: Partial<AccessCheck> = {}) =>
    authorizer.isAllowed({ principal, action, resource, ...extra });
  /** The message of the refusal, or undefined when allowed. */
  const refusal = async (principal: Principal, action: string, resource: AccessResource = app, extra: Partial<AccessCheck> = {}) => {
    try {
      await authorizer.authorize({ principal, action, resource, ...extra });
      return undefined;
    } catch (error) {
      assert.ok(isRegistryError(error, 'access-denied'), String(error));
      return error.message;
    }
  };
  return { facts, authorizer, check, refusal };
}

describe('the authorizer', () => {
  test('an account root may do anything in its own account, with no policy at all', async () => {
    const { check } = setup();
    for (const action of ['ecr:BatchGetImage', 'ecr:PutImage', 'ecr:SetRepositoryPolicy', 'ecr:DeleteRepository']) assert.equal(await check(rootA, action), true, action);
    assert.equal(await check(rootA, 'ecr:DescribeRepositories', { kind: 'repositories', registryId: A }), true);
    assert.equal(await check(rootA, 'ecr:PutRegistryPolicy', { kind: 'registry', registryId: A }), true);
    assert.equal(await check(rootA, 'ecr:GetAuthorizationToken', { kind: 'identity-only' }), true);
  });

  test('resources are named by their ARN: a repository, every repository of a registry, or *', () => {
    const { authorizer } = setup();
    assert.equal(authorizer.resourceArn(app), appArn);
    assert.equal(authorizer.resourceArn({ kind: 'repository', registryId: A, name: 'team/app' }), `arn:aws:ecr:${region}:${A}:repository/team/app`);
    assert.equal(authorizer.resourceArn({ kind: 'repositories', registryId: A }), `arn:aws:ecr:${region}:${A}:repository/*`);
    assert.equal(authorizer.resourceArn({ kind: 'registry', registryId: A }), '*');
    assert.equal(authorizer.resourceArn({ kind: 'identity-only' }), '*');
  });

  test("a user without policies may do nothing, refused in AWS's words", async () => {
    const { refusal } = setup();
    assert.equal(
      await refusal(alice, 'ecr:BatchGetImage'),
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: ecr:BatchGetImage on resource: ${appArn} because no identity-based policy allows the ecr:BatchGetImage action`,
    );
    assert.equal(
      await refusal(alice, 'ecr:GetAuthorizationToken', { kind: 'identity-only' }),
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action`,
    );
  });

  test('a user limited to pull may pull and may not push', async () => {
    const { facts, check, refusal } = setup();
    facts.setUserPolicies(alice, identityPolicy('Allow', [...pull, 'ecr:GetAuthorizationToken']));
    for (const action of pull) assert.equal(await check(alice, action), true, action);
    assert.equal(await check(alice, 'ecr:GetAuthorizationToken', { kind: 'identity-only' }), true);
    for (const action of ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchDeleteImage']) {
      assert.match((await refusal(alice, action))!, new RegExp(`perform: ${action} on resource: ${appArn} because no identity-based policy allows`), action);
    }
  });

  test('identity policies are matched on the resource ARN: a grant on team/* does not reach app', async () => {
    const { facts, check } = setup();
    facts.addRepository(A, 'team/api');
    facts.setUserPolicies(alice, identityPolicy('Allow', 'ecr:*', `arn:aws:ecr:${region}:${A}:repository/team/*`));
    assert.equal(await check(alice, 'ecr:PutImage', { kind: 'repository', registryId: A, name: 'team/api' }), true);
    assert.equal(await check(alice, 'ecr:PutImage'), false);
  });

  test('an explicit deny beats any allow, and the refusal names the kind of policy that denied', async () => {
    const { facts, refusal } = setup();
    facts.setUserPolicies(alice, identityPolicy('Allow', 'ecr:*'));
    facts.addRepository(A, 'app', { policy: resourcePolicy('Deny', { AWS: alice.arn }, 'ecr:BatchGetImage') });
    assert.equal(
      await refusal(alice, 'ecr:BatchGetImage'),
      `User: ${alice.arn} is not authorized to perform: ecr:BatchGetImage on resource: ${appArn} with an explicit deny in a resource-based policy`,
    );
    assert.equal(await refusal(alice, 'ecr:PutImage'), undefined, 'the deny covers only what it names');

    facts.setUserPolicies(alice, identityPolicy('Allow', 'ecr:*'), identityPolicy('Deny', 'ecr:PutImage'));
    assert.match((await refusal(alice, 'ecr:PutImage'))!, /with an explicit deny in an identity-based policy$/);
  });

  test("an explicit deny binds the account's root too: a repository policy that denies outside a CIDR", async () => {
    const { facts, check } = setup();
    facts.addRepository(A, 'app', { policy: resourcePolicy('Deny', '*', 'ecr:*', { Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }) });
    assert.equal(await check(rootA, 'ecr:BatchGetImage', app, { context: { 'aws:SourceIp': '127.0.0.1' } }), false);
    assert.equal(await check(rootA, 'ecr:BatchGetImage', app, { context: { 'aws:SourceIp': '10.1.2.3' } }), true);
    assert.equal(await check(rootA, 'ecr:BatchGetImage', app, { context: { 'aws:SourceIp': '::ffff:10.1.2.3' } }), true, 'an IPv4-mapped socket address counts as IPv4');
  });

  test('same account: a repository policy naming the user grants by itself; one naming the account delegates to identity policies', async () => {
    const { facts, check } = setup();
    facts.addRepository(A, 'app', { policy: resourcePolicy('Allow', { AWS: alice.arn }, pull) });
    assert.equal(await check(alice, 'ecr:BatchGetImage'), true);
    facts.addRepository(A, 'app', { policy: resourcePolicy('Allow', { AWS: `arn:aws:iam::${A}:root` }, pull) });
    assert.equal(await check(alice, 'ecr:BatchGetImage'), false);
  });

  test('cross account: both the repository policy and the caller’s identity side must allow', async () => {
    const { facts, refusal } = setup();
    assert.equal(
      await refusal(rootB, 'ecr:BatchGetImage'),
      `User: arn:aws:iam::${B}:root is not authorized to perform: ecr:BatchGetImage on resource: ${appArn} because no resource-based policy allows the ecr:BatchGetImage action`,
      "B's root has B's permissions; A's repository does not grant them",
    );
    facts.addRepository(A, 'app', { policy: resourcePolicy('Allow', { AWS: `arn:aws:iam::${B}:root` }, pull) });
    assert.equal(await refusal(rootB, 'ecr:BatchGetImage'), undefined, 'granted to B, taken by B’s root');
    assert.match((await refusal(rootB, 'ecr:PutImage'))!, /because no resource-based policy allows the ecr:PutImage action$/);
    assert.equal(
      await refusal(bob, 'ecr:BatchGetImage'),
      `User: ${bob.arn} is not authorized to perform: ecr:BatchGetImage on resource: ${appArn} because no identity-based policy allows the ecr:BatchGetImage action`,
      "a user of B needs B's identity policy too",
    );
    facts.setUserPolicies(bob, identityPolicy('Allow', pull));
    assert.equal(await refusal(bob, 'ecr:BatchGetImage'), undefined);
    facts.setUserPolicies(bob, identityPolicy('Allow', pull, `arn:aws:ecr:${region}:${B}:repository/*`));
    assert.match((await refusal(bob, 'ecr:BatchGetImage'))!, /because no identity-based policy allows/, "B's policy covers only B's repositories");
  });

  test('the registry policy (scope V2) applies to every repository of its account and to registry-wide actions', async () => {
    const { facts, check } = setup();
    facts.setRegistryPolicy(A, {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'PullForB', Effect: 'Allow', Principal: { AWS: B }, Action: [...pull, 'ecr:DescribeRepositories'], Resource: `arn:aws:ecr:${region}:${A}:repository/*` },
        { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 'ecr:DeleteRepository', Resource: '*' },
      ],
    });
    assert.equal(await check(rootB, 'ecr:BatchGetImage'), true);
    assert.equal(await check(rootB, 'ecr:DescribeRepositories', { kind: 'repositories', registryId: A }), true);
    assert.equal(await check(rootA, 'ecr:DeleteRepository'), false, 'a registry deny binds the root');
  });

  test('under scope V1 the registry policy governs only replication, pull-through import and creation', async () => {
    const { facts, check } = setup();
    facts.setRegistryPolicy(A, resourcePolicy('Allow', { AWS: B }, ['ecr:BatchGetImage', 'ecr:CreateRepository'], { Resource: '*' }), 'V1');
    assert.equal(await check(rootB, 'ecr:BatchGetImage'), false);
    assert.equal(await check(rootB, 'ecr:CreateRepository', { kind: 'repository', registryId: A, name: 'new' }), true);
  });

  test('GetAuthorizationToken is decided by identity policies alone: no resource policy is read', async () => {
    const { facts, check } = setup();
    facts.setRegistryPolicy(A, resourcePolicy('Deny', '*', 'ecr:*', { Resource: '*' }));
    assert.equal(await check(rootA, 'ecr:GetAuthorizationToken', { kind: 'identity-only' }), true);
    assert.deepEqual(facts.reads, { identity: 0, repository: 0, registry: 0, tags: 0 });
  });

  test('resource tags are read only when a policy condition mentions them, and then decide', async () => {
    const { facts, check } = setup();
    facts.setUserPolicies(alice, identityPolicy('Allow', 'ecr:*'));
    assert.equal(await check(alice, 'ecr:BatchGetImage'), true);
    assert.equal(facts.reads.tags, 0);
    facts.addRepository(A, 'app', { tags: [{ key: 'team', value: 'blue' }] });
    facts.setUserPolicies(alice, identityPolicy('Allow', 'ecr:*', '*', { Condition: { StringEquals: { 'ecr:ResourceTag/team': 'blue' } } }));
    assert.equal(await check(alice, 'ecr:BatchGetImage'), true);
    facts.addRepository(A, 'app', { tags: [{ key: 'team', value: 'red' }] });
    assert.equal(await check(alice, 'ecr:BatchGetImage'), false);
    assert.equal(facts.reads.tags, 2);
  });

  test('request tags and tag keys reach conditions (TagResource, CreateRepository)', async () => {
    const { facts, check } = setup();
    facts.setUserPolicies(alice, identityPolicy('Allow', 'ecr:TagResource', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } }));
    assert.equal(await check(alice, 'ecr:TagResource', app, { context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'blue' } }), true);
    assert.equal(await check(alice, 'ecr:TagResource', app, { context: { 'aws:TagKeys': ['team', 'owner'] } }), false);
  });

  test('a repository that does not exist has no policy: identity policies decide (the operation then reports it missing)', async () => {
    const { check } = setup();
    const missing: AccessResource = { kind: 'repository', registryId: A, name: 'missing' };
    assert.equal(await check(rootA, 'ecr:BatchGetImage', missing), true);
    assert.equal(await check(alice, 'ecr:BatchGetImage', missing), false);
  });

  test('a proposed repository policy can be tried before it is stored (the lock-out check)', async () => {
    const { check } = setup();
    const lockout = parseRepositoryPolicy(JSON.stringify(resourcePolicy('Deny', '*', 'ecr:SetRepositoryPolicy')));
    assert.equal(await check(rootA, 'ecr:SetRepositoryPolicy', app, { repositoryPolicy: lockout }), false);
    assert.equal(await check(rootA, 'ecr:SetRepositoryPolicy'), true, 'the stored (absent) policy is unchanged');
  });

  test('each policy text is parsed once and then reused', () => {
    const parsed = new ParsedPolicies(2);
    const text = JSON.stringify(identityPolicy('Allow', 'ecr:*'));
    const first = parsed.get('identity', text);
    assert.equal(parsed.get('identity', text), first);
    parsed.get('identity', JSON.stringify(identityPolicy('Allow', 'ecr:A')));
    parsed.get('identity', JSON.stringify(identityPolicy('Allow', 'ecr:B')));
    assert.notEqual(parsed.get('identity', text), first, 'bounded: the least recently used is dropped');
  });
});
