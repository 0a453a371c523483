// AWS's evaluation logic, case by case: explicit deny first; same account, identity OR resource
// policy; cross account, identity AND resource policy; the root user; anonymous and service
// callers; registry policy scope. Matching (NotAction/NotResource/NotPrincipal, wildcards, policy
// variables) is in evaluation-matching.test.ts.
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  anonymous,
  identityStatement as statement,
  repository,
  rootOf,
  runDecisionTable,
  service,
  user,
  userIn,
  type DecisionCase,
} from './testing/decision-table.js';

const V = '2012-10-17';
const pull = 'ecr:BatchGetImage';
const alice = user('alice');
const mallory = userIn(OTHER_ACCOUNT, 'mallory');
const repositoryGrant = (effect: 'Allow' | 'Deny', principal: unknown, action: string | string[] = 'ecr:*', extra = {}) => ({
  Version: V,
  Statement: [{ Sid: `${effect}Grant`, Effect: effect, Principal: principal, Action: action, ...extra }],
});

const sameAccount: DecisionCase[] = [
  { name: 'a user with no policy at all', principal: alice, action: pull, expect: 'implicit-deny' },
  { name: 'the root user with no policy at all', principal: rootOf(ACCOUNT), action: pull, expect: 'allowed' },
  { name: 'an identity policy allowing ecr:*', principal: alice, action: pull, identity: [statement('Allow', 'ecr:*')], expect: 'allowed' },
  {
    name: 'an identity policy allowing another repository only',
    principal: alice,
    action: pull,
    identity: [statement('Allow', 'ecr:*', repository('other'))],
    expect: 'implicit-deny',
  },
  {
    name: 'an identity deny beside an identity allow',
    principal: alice,
    action: pull,
    identity: [statement('Allow', 'ecr:*'), statement('Deny', pull)],
    expect: 'explicit-deny',
  },
  {
    name: 'a deny in a second attached policy (group or managed) still wins',
    principal: alice,
    action: pull,
    identity: [statement('Allow', '*'), statement('Deny', 'ecr:*', repository('app'))],
    expect: 'explicit-deny',
  },
  {
    name: 'a repository policy naming the user, without identity policy',
    principal: alice,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: alice.arn }),
    expect: 'allowed',
    statement: 'AllowGrant',
  },
  {
    name: 'a repository policy naming only the account delegates to identity policies',
    principal: alice,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    expect: 'implicit-deny',
  },
  {
    name: 'an account grant plus an identity allow',
    principal: alice,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: ACCOUNT }),
    identity: [statement('Allow', pull)],
    expect: 'allowed',
  },
  { name: 'a repository policy granting "*"', principal: alice, action: pull, repositoryPolicy: repositoryGrant('Allow', '*'), expect: 'allowed' },
  {
    name: 'an identity allow overridden by a repository deny',
    principal: alice,
    action: pull,
    identity: [statement('Allow', 'ecr:*')],
    repositoryPolicy: repositoryGrant('Deny', { AWS: alice.arn }),
    expect: 'explicit-deny',
    statement: 'DenyGrant',
  },
  {
    name: 'the root user against a repository deny for everyone',
    principal: rootOf(ACCOUNT),
    action: pull,
    repositoryPolicy: repositoryGrant('Deny', '*'),
    expect: 'explicit-deny',
  },
  {
    name: 'the root user against a deny naming its account',
    principal: rootOf(ACCOUNT),
    action: pull,
    repositoryPolicy: repositoryGrant('Deny', { AWS: ACCOUNT }),
    expect: 'explicit-deny',
  },
  {
    name: 'the root user against a deny naming another user',
    principal: rootOf(ACCOUNT),
    action: pull,
    repositoryPolicy: repositoryGrant('Deny', { AWS: user('bob').arn }),
    expect: 'allowed',
  },
  {
    name: 'a registry policy allowing the user on every repository',
    principal: alice,
    action: pull,
    registryPolicy: repositoryGrant('Allow', { AWS: alice.arn }, pull, { Resource: repository('*') }),
    expect: 'allowed',
  },
  {
    name: 'a registry policy deny beats an identity allow (scope V2)',
    principal: alice,
    action: pull,
    identity: [statement('Allow', 'ecr:*')],
    registryPolicy: repositoryGrant('Deny', '*', 'ecr:*', { Resource: repository('*') }),
    expect: 'explicit-deny',
  },
  {
    name: 'under scope V1 the registry policy does not govern pulls',
    principal: alice,
    action: pull,
    identity: [statement('Allow', 'ecr:*')],
    registryPolicy: repositoryGrant('Deny', '*', 'ecr:*', { Resource: repository('*') }),
    registryPolicyScope: 'V1',
    expect: 'allowed',
  },
  {
    name: 'under scope V1 the registry policy still governs replication',
    principal: userIn(OTHER_ACCOUNT, 'replicator'),
    action: 'ecr:ReplicateImage',
    identity: [statement('Allow', 'ecr:*')],
    registryPolicy: repositoryGrant('Allow', { AWS: OTHER_ACCOUNT }, 'ecr:ReplicateImage', { Resource: repository('*') }),
    registryPolicyScope: 'V1',
    expect: 'allowed',
  },
];

const crossAccount: DecisionCase[] = [
  { name: 'a foreign user with only an identity allow', principal: mallory, action: pull, identity: [statement('Allow', '*')], expect: 'implicit-deny' },
  {
    name: 'a foreign account granted, but the user has no identity allow',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }),
    expect: 'implicit-deny',
  },
  {
    name: 'a foreign account granted and the user allowed by its identity policy',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }),
    identity: [statement('Allow', 'ecr:*', repository('*'))],
    expect: 'allowed',
  },
  {
    name: 'a foreign user named and allowed by its identity policy',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: mallory.arn }),
    identity: [statement('Allow', pull)],
    expect: 'allowed',
  },
  {
    name: 'a foreign user named, without identity allow',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: mallory.arn }),
    expect: 'implicit-deny',
  },
  {
    name: 'a foreign root user needs only the resource grant',
    principal: rootOf(OTHER_ACCOUNT),
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: OTHER_ACCOUNT }),
    expect: 'allowed',
  },
  { name: 'a foreign root user without resource grant', principal: rootOf(OTHER_ACCOUNT), action: pull, expect: 'implicit-deny' },
  {
    name: 'a foreign user whose own identity policy denies',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', '*'),
    identity: [statement('Allow', '*'), statement('Deny', 'ecr:BatchGet*')],
    expect: 'explicit-deny',
  },
  {
    name: 'a foreign user with a public repository grant and an identity allow',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', '*'),
    identity: [statement('Allow', pull)],
    expect: 'allowed',
  },
  {
    name: 'a foreign user whose identity policy names a different repository',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: OTHER_ACCOUNT }),
    identity: [statement('Allow', pull, repository('other'))],
    expect: 'implicit-deny',
  },
  {
    name: 'a grant to a third account does not cover this one',
    principal: mallory,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: '999999999999' }),
    identity: [statement('Allow', '*')],
    expect: 'implicit-deny',
  },
];

const otherCallers: DecisionCase[] = [
  { name: 'an anonymous caller and a public grant', principal: anonymous, action: pull, repositoryPolicy: repositoryGrant('Allow', '*'), expect: 'allowed' },
  {
    name: 'an anonymous caller and {"AWS": "*"}',
    principal: anonymous,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: '*' }),
    expect: 'allowed',
  },
  {
    name: 'an anonymous caller and an account grant',
    principal: anonymous,
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { AWS: ACCOUNT }),
    expect: 'implicit-deny',
  },
  { name: 'an anonymous caller and no policy', principal: anonymous, action: pull, expect: 'implicit-deny' },
  {
    name: 'a service principal named by the repository policy',
    principal: service('codebuild.amazonaws.com'),
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { Service: 'codebuild.amazonaws.com' }),
    expect: 'allowed',
  },
  {
    name: 'a service principal the policy does not name',
    principal: service('lambda.amazonaws.com'),
    action: pull,
    repositoryPolicy: repositoryGrant('Allow', { Service: 'codebuild.amazonaws.com' }),
    expect: 'implicit-deny',
  },
];

runDecisionTable([...sameAccount, ...crossAccount, ...otherCallers]);
