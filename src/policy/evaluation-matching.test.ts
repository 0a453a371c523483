// How statements match a request, case by case: NotAction/NotResource/NotPrincipal, `*` and `?`
// wildcards, and policy variables (the evaluation order itself is in evaluation-logic.test.ts).
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  identityStatement as statement,
  repository,
  runDecisionTable,
  user,
  userIn,
  type DecisionCase,
} from './testing/decision-table.js';

const V = '2012-10-17';
const pull = 'ecr:BatchGetImage';
const alice = user('alice');
const mallory = userIn(OTHER_ACCOUNT, 'mallory');

const negations: DecisionCase[] = [
  {
    name: 'NotAction allows what it does not list',
    principal: alice,
    action: pull,
    identity: [{ Version: V, Statement: { Effect: 'Allow', NotAction: 'ecr:DeleteRepository', Resource: '*' } }],
    expect: 'allowed',
  },
  {
    name: 'NotAction does not allow what it lists',
    principal: alice,
    action: 'ecr:DeleteRepository',
    identity: [{ Version: V, Statement: { Effect: 'Allow', NotAction: ['ecr:Delete*'], Resource: '*' } }],
    expect: 'implicit-deny',
  },
  {
    name: 'a Deny with NotResource hits every other repository',
    principal: alice,
    action: pull,
    resource: repository('secret'),
    identity: [statement('Allow', 'ecr:*'), { Version: V, Statement: { Effect: 'Deny', Action: 'ecr:*', NotResource: repository('app') } }],
    expect: 'explicit-deny',
  },
  {
    name: 'a Deny with NotResource spares the listed repository',
    principal: alice,
    action: pull,
    identity: [statement('Allow', 'ecr:*'), { Version: V, Statement: { Effect: 'Deny', Action: 'ecr:*', NotResource: repository('app') } }],
    expect: 'allowed',
  },
  {
    name: 'a Deny with NotPrincipal hits everyone but the admin',
    principal: alice,
    action: 'ecr:PutImage',
    identity: [statement('Allow', 'ecr:*')],
    repositoryPolicy: { Version: V, Statement: { Effect: 'Deny', NotPrincipal: { AWS: user('admin').arn }, Action: 'ecr:PutImage' } },
    expect: 'explicit-deny',
  },
  {
    name: 'a Deny with NotPrincipal spares the admin',
    principal: user('admin'),
    action: 'ecr:PutImage',
    identity: [statement('Allow', 'ecr:*')],
    repositoryPolicy: { Version: V, Statement: { Effect: 'Deny', NotPrincipal: { AWS: user('admin').arn }, Action: 'ecr:PutImage' } },
    expect: 'allowed',
  },
  {
    name: 'a Deny with NotPrincipal naming the account hits foreign callers',
    principal: mallory,
    action: pull,
    identity: [statement('Allow', '*')],
    repositoryPolicy: {
      Version: V,
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: pull },
        { Sid: 'OnlyOurAccount', Effect: 'Deny', NotPrincipal: { AWS: ACCOUNT }, Action: 'ecr:*' },
      ],
    },
    expect: 'explicit-deny',
    statement: 'OnlyOurAccount',
  },
  {
    name: 'a Deny with NotPrincipal naming the account spares its users',
    principal: alice,
    action: pull,
    repositoryPolicy: {
      Version: V,
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: pull },
        { Effect: 'Deny', NotPrincipal: { AWS: ACCOUNT }, Action: 'ecr:*' },
      ],
    },
    expect: 'allowed',
    statement: 'Statement[0]',
  },
];

const wildcards: DecisionCase[] = [
  { name: 'Action ecr:Batch* covers BatchGetImage', principal: alice, action: pull, identity: [statement('Allow', 'ecr:Batch*')], expect: 'allowed' },
  { name: 'Action ecr:Batch* does not cover PutImage', principal: alice, action: 'ecr:PutImage', identity: [statement('Allow', 'ecr:Batch*')], expect: 'implicit-deny' },
  {
    name: 'Action with ? matches one character',
    principal: alice,
    action: 'ecr:GetDownloadUrlForLayer',
    identity: [statement('Allow', 'ecr:Get?ownloadUrlForLayer')],
    expect: 'allowed',
  },
  { name: 'actions match case-insensitively', principal: alice, action: pull, identity: [statement('Allow', 'ECR:batchgetimage')], expect: 'allowed' },
  { name: 'Action "*" covers every service', principal: alice, action: pull, identity: [statement('Allow', '*')], expect: 'allowed' },
  {
    name: 'Resource with * and ? in a repository name',
    principal: alice,
    action: pull,
    resource: repository('team-a/app'),
    identity: [statement('Allow', pull, `arn:aws:ecr:*:${ACCOUNT}:repository/team-?/*`)],
    expect: 'allowed',
  },
  {
    name: 'Resource ? does not match two characters',
    principal: alice,
    action: pull,
    resource: repository('team-ab/app'),
    identity: [statement('Allow', pull, `arn:aws:ecr:*:${ACCOUNT}:repository/team-?/*`)],
    expect: 'implicit-deny',
  },
  {
    name: 'resources match case-sensitively',
    principal: alice,
    action: pull,
    identity: [statement('Allow', pull, repository('App'))],
    expect: 'implicit-deny',
  },
];

const variables: DecisionCase[] = [
  {
    name: '${aws:username} in Resource: the user own namespace',
    principal: alice,
    action: 'ecr:PutImage',
    resource: repository('alice/app'),
    identity: [statement('Allow', 'ecr:*', `arn:aws:ecr:*:${ACCOUNT}:repository/\${aws:username}/*`)],
    expect: 'allowed',
  },
  {
    name: '${aws:username} in Resource: another user namespace',
    principal: user('bob'),
    action: 'ecr:PutImage',
    resource: repository('alice/app'),
    identity: [statement('Allow', 'ecr:*', `arn:aws:ecr:*:${ACCOUNT}:repository/\${aws:username}/*`)],
    expect: 'implicit-deny',
  },
  {
    name: 'a variable with a default value when the key is absent',
    principal: alice,
    action: pull,
    resource: repository('common/app'),
    identity: [statement('Allow', pull, `arn:aws:ecr:*:${ACCOUNT}:repository/\${aws:SourceIdentity, 'common'}/*`)],
    expect: 'allowed',
  },
  {
    name: '${*} is a literal star',
    principal: alice,
    action: pull,
    resource: repository('lit*'),
    identity: [statement('Allow', pull, `arn:aws:ecr:*:${ACCOUNT}:repository/lit\${*}`)],
    expect: 'allowed',
  },
  {
    name: '${*} does not act as a wildcard',
    principal: alice,
    action: pull,
    resource: repository('litx'),
    identity: [statement('Allow', pull, `arn:aws:ecr:*:${ACCOUNT}:repository/lit\${*}`)],
    expect: 'implicit-deny',
  },
  {
    name: 'in a 2008-10-17 document ${aws:username} is literal text',
    principal: alice,
    action: pull,
    resource: repository('alice'),
    registryPolicy: { Version: '2008-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: pull, Resource: repository('${aws:username}') } },
    expect: 'implicit-deny',
  },
];

runDecisionTable([...negations, ...wildcards, ...variables]);
