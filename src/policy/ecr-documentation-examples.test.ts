// Every example policy of the Amazon ECR User Guide (repository policy examples, registry policy
// examples, pull through cache registry permissions, identity-based policy examples, tag-based
// access control, the AWS managed policies), verbatim but for placeholders, each with the decision
// the guide describes. Sources: awsdocs/amazon-ecr-user-guide doc_source/*.md and the current
// pages at docs.aws.amazon.com/AmazonECR/latest/userguide/.
import {
  rootOf,
  runDecisionTable,
  service,
  userIn,
  type DecisionCase,
} from './testing/decision-table.js';

const OWNER = '123456789012'; // the account that owns the registry in each example
const GRANTED = '111122223333'; // the account the examples grant access to
const THIRD = '999988887777';
const repo = (name: string, region = 'us-east-1', account = OWNER) => `arn:aws:ecr:${region}:${account}:repository/${name}`;
const pushActions = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] };

// repository-policy-examples: "Example: Allow one or more users"
const allowPushPull = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowPushPull',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${OWNER}:user/push-pull-user-1`, `arn:aws:iam::${OWNER}:user/push-pull-user-2`] },
      Action: [
        'ecr:BatchGetImage',
        'ecr:BatchCheckLayerAvailability',
        'ecr:CompleteLayerUpload',
        'ecr:GetDownloadUrlForLayer',
        'ecr:InitiateLayerUpload',
        'ecr:PutImage',
        'ecr:UploadLayerPart',
      ],
      Resource: '*',
    },
  ],
};

// "Example: Allow another account" (the 2023 guide wrote it without Resource; both are accepted)
const allowCrossAccountPush = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowCrossAccountPush', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${GRANTED}:root` }, Action: pushActions }],
};

// "…allows some users to pull images (pull-user-1 and pull-user-2) while providing full access to another (admin-user)"
const pullAndAdmin = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowPull',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${OWNER}:user/pull-user-1`, `arn:aws:iam::${OWNER}:user/pull-user-2`] },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
    { Sid: 'AllowAll', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:user/admin-user` }, Action: ['ecr:*'] },
  ],
};

// "Example: Deny all"
const denyPull = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyPull', Effect: 'Deny', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }],
};

// "Example: Restricting access to specific IP addresses"
const ipAllow = {
  Version: '2012-10-17',
  Id: 'ECRPolicyId1',
  Statement: [
    { Sid: 'IPAllow', Effect: 'Deny', Principal: '*', Action: 'ecr:*', Condition: { NotIpAddress: { 'aws:SourceIp': '54.240.143.0/24' } } },
  ],
};

// "Example: Allow an AWS service" (also the confused-deputy prevention example)
const codeBuildAccess = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'CodeBuildAccess',
      Effect: 'Allow',
      Principal: { Service: 'codebuild.amazonaws.com' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Condition: {
        ArnLike: { 'aws:SourceArn': `arn:aws:codebuild:us-east-1:${OWNER}:project/project-name` },
        StringEquals: { 'aws:SourceAccount': OWNER },
      },
    },
  ],
};

const alice = userIn(OWNER, 'alice');
const grantedUser = userIn(GRANTED, 'pusher');
const pushIdentity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: pushActions, Resource: repo('*') }] };
const codeBuildContext = { 'aws:SourceArn': `arn:aws:codebuild:us-east-1:${OWNER}:project/project-name`, 'aws:SourceAccount': OWNER };

const repositoryPolicies: DecisionCase[] = [
  { name: 'AllowPushPull: push-pull-user-1 pushes', principal: userIn(OWNER, 'push-pull-user-1'), action: 'ecr:PutImage', resource: repo('app'), repositoryPolicy: allowPushPull, expect: 'allowed', statement: 'AllowPushPull' },
  { name: 'AllowPushPull: push-pull-user-2 pulls', principal: userIn(OWNER, 'push-pull-user-2'), action: 'ecr:BatchGetImage', resource: repo('app'), repositoryPolicy: allowPushPull, expect: 'allowed' },
  { name: 'AllowPushPull: another user of the account', principal: alice, action: 'ecr:BatchGetImage', resource: repo('app'), repositoryPolicy: allowPushPull, expect: 'implicit-deny' },
  { name: 'AllowPushPull: an action it does not list', principal: userIn(OWNER, 'push-pull-user-1'), action: 'ecr:DeleteRepository', resource: repo('app'), repositoryPolicy: allowPushPull, expect: 'implicit-deny' },
  { name: 'AllowCrossAccountPush: a user of the granted account with push rights', principal: grantedUser, action: 'ecr:PutImage', resource: repo('app'), repositoryPolicy: allowCrossAccountPush, identity: [pushIdentity], expect: 'allowed' },
  { name: 'AllowCrossAccountPush: that user without an identity policy', principal: grantedUser, action: 'ecr:PutImage', resource: repo('app'), repositoryPolicy: allowCrossAccountPush, expect: 'implicit-deny' },
  { name: 'AllowCrossAccountPush: the granted account root user', principal: rootOf(GRANTED), action: 'ecr:InitiateLayerUpload', resource: repo('app'), repositoryPolicy: allowCrossAccountPush, expect: 'allowed' },
  { name: 'AllowCrossAccountPush grants no pull', principal: grantedUser, action: 'ecr:BatchGetImage', resource: repo('app'), repositoryPolicy: allowCrossAccountPush, identity: [allowAll], expect: 'implicit-deny' },
  { name: 'AllowCrossAccountPush: an account it does not name', principal: userIn(THIRD, 'pusher'), action: 'ecr:PutImage', resource: repo('app'), repositoryPolicy: allowCrossAccountPush, identity: [pushIdentity], expect: 'implicit-deny' },
  { name: 'AllowPull/AllowAll: pull-user-1 pulls', principal: userIn(OWNER, 'pull-user-1'), action: 'ecr:BatchGetImage', resource: repo('app'), repositoryPolicy: pullAndAdmin, expect: 'allowed', statement: 'AllowPull' },
  { name: 'AllowPull/AllowAll: pull-user-2 cannot push', principal: userIn(OWNER, 'pull-user-2'), action: 'ecr:PutImage', resource: repo('app'), repositoryPolicy: pullAndAdmin, expect: 'implicit-deny' },
  { name: 'AllowPull/AllowAll: admin-user deletes', principal: userIn(OWNER, 'admin-user'), action: 'ecr:DeleteRepository', resource: repo('app'), repositoryPolicy: pullAndAdmin, expect: 'allowed', statement: 'AllowAll' },
  { name: 'DenyPull: a user allowed ecr:* by IAM cannot pull', principal: alice, action: 'ecr:GetDownloadUrlForLayer', resource: repo('app'), repositoryPolicy: denyPull, identity: [allowAll], expect: 'explicit-deny', statement: 'DenyPull' },
  { name: 'DenyPull: not even the root user', principal: rootOf(OWNER), action: 'ecr:BatchGetImage', resource: repo('app'), repositoryPolicy: denyPull, expect: 'explicit-deny' },
  { name: 'DenyPull: pushing is not denied', principal: alice, action: 'ecr:PutImage', resource: repo('app'), repositoryPolicy: denyPull, identity: [allowAll], expect: 'allowed' },
  { name: 'IPAllow: a request from 54.240.143.0/24', principal: alice, action: 'ecr:BatchGetImage', resource: repo('app'), context: { 'aws:SourceIp': '54.240.143.20' }, repositoryPolicy: ipAllow, identity: [allowAll], expect: 'allowed' },
  { name: 'IPAllow: a request from elsewhere', principal: alice, action: 'ecr:BatchGetImage', resource: repo('app'), context: { 'aws:SourceIp': '192.0.2.10' }, repositoryPolicy: ipAllow, identity: [allowAll], expect: 'explicit-deny', statement: 'IPAllow' },
  { name: 'IPAllow: the root user from elsewhere', principal: rootOf(OWNER), action: 'ecr:DescribeImages', resource: repo('app'), context: { 'aws:SourceIp': '192.0.2.10' }, repositoryPolicy: ipAllow, expect: 'explicit-deny' },
  { name: 'IPAllow: a request with no source address', principal: alice, action: 'ecr:BatchGetImage', resource: repo('app'), repositoryPolicy: ipAllow, identity: [allowAll], expect: 'explicit-deny' },
  { name: 'CodeBuildAccess: the project of the account', principal: service('codebuild.amazonaws.com'), action: 'ecr:BatchGetImage', resource: repo('app'), context: codeBuildContext, repositoryPolicy: codeBuildAccess, expect: 'allowed' },
  { name: 'CodeBuildAccess: another account (confused deputy)', principal: service('codebuild.amazonaws.com'), action: 'ecr:BatchGetImage', resource: repo('app'), context: { ...codeBuildContext, 'aws:SourceAccount': THIRD }, repositoryPolicy: codeBuildAccess, expect: 'implicit-deny' },
  { name: 'CodeBuildAccess: another project', principal: service('codebuild.amazonaws.com'), action: 'ecr:GetDownloadUrlForLayer', resource: repo('app'), context: { ...codeBuildContext, 'aws:SourceArn': `arn:aws:codebuild:us-east-1:${OWNER}:project/other` }, repositoryPolicy: codeBuildAccess, expect: 'implicit-deny' },
  { name: 'CodeBuildAccess grants no push', principal: service('codebuild.amazonaws.com'), action: 'ecr:PutImage', resource: repo('app'), context: codeBuildContext, repositoryPolicy: codeBuildAccess, expect: 'implicit-deny' },
  { name: 'CodeBuildAccess: another service', principal: service('lambda.amazonaws.com'), action: 'ecr:BatchGetImage', resource: repo('app'), context: codeBuildContext, repositoryPolicy: codeBuildAccess, expect: 'implicit-deny' },
];

// registry-permissions-examples: replication from a source account
const replicationFrom = (resource: string) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReplicationAccessCrossAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${GRANTED}:root` }, Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: [resource] },
  ],
});
// "Example: Allow multiple accounts" — as published, both statements share one Sid; ECR accepts that.
const replicationMultiple = {
  Version: '2012-10-17',
  Statement: [replicationFrom(repo('*', 'us-west-2')).Statement[0], { ...replicationFrom(repo('*', 'us-west-2')).Statement[0], Principal: { AWS: `arn:aws:iam::${THIRD}:root` } }],
};
// pull-through-cache: "grants the ecr-pull-through-cache-user IAM user permission to create a repository and pull an image from Amazon ECR Public"
const pullThroughCache = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PullThroughCacheFromReadOnlyRole',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${GRANTED}:user/ecr-pull-through-cache-user` },
      Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      Resource: repo('ecr-public/*', 'us-east-1', GRANTED),
    },
  ],
};

const registryPolicies: DecisionCase[] = [
  { name: 'replication: the source account replicates', principal: rootOf(GRANTED), action: 'ecr:ReplicateImage', resource: repo('app', 'us-west-2'), registryPolicy: replicationFrom(repo('*', 'us-west-2')), expect: 'allowed', statement: 'ReplicationAccessCrossAccount' },
  { name: 'replication: the source account creates the repository', principal: rootOf(GRANTED), action: 'ecr:CreateRepository', resource: repo('team/app', 'us-west-2'), registryPolicy: replicationFrom(repo('*', 'us-west-2')), expect: 'allowed' },
  { name: 'replication grants the source account no pull', principal: rootOf(GRANTED), action: 'ecr:BatchGetImage', resource: repo('app', 'us-west-2'), registryPolicy: replicationFrom(repo('*', 'us-west-2')), expect: 'implicit-deny' },
  { name: 'replication: only in the Region named', principal: rootOf(GRANTED), action: 'ecr:ReplicateImage', resource: repo('app', 'eu-west-1'), registryPolicy: replicationFrom(repo('*', 'us-west-2')), expect: 'implicit-deny' },
  { name: 'replication: an account not named', principal: rootOf(THIRD), action: 'ecr:ReplicateImage', resource: repo('app', 'us-west-2'), registryPolicy: replicationFrom(repo('*', 'us-west-2')), expect: 'implicit-deny' },
  { name: 'replication from multiple accounts: the second account', principal: rootOf(THIRD), action: 'ecr:ReplicateImage', resource: repo('app', 'us-west-2'), registryPolicy: replicationMultiple, expect: 'allowed' },
  { name: 'replication of prod-* repositories: prod-api', principal: rootOf(GRANTED), action: 'ecr:ReplicateImage', resource: repo('prod-api', 'us-west-2'), registryPolicy: replicationFrom(repo('prod-*', 'us-west-2')), expect: 'allowed' },
  { name: 'replication of prod-* repositories: dev-api', principal: rootOf(GRANTED), action: 'ecr:ReplicateImage', resource: repo('dev-api', 'us-west-2'), registryPolicy: replicationFrom(repo('prod-*', 'us-west-2')), expect: 'implicit-deny' },
  { name: 'replication under registry policy scope V1', principal: rootOf(GRANTED), action: 'ecr:ReplicateImage', resource: repo('app', 'us-west-2'), registryPolicy: replicationFrom(repo('*', 'us-west-2')), registryPolicyScope: 'V1', expect: 'allowed' },
  { name: 'pull through cache: the user imports an upstream image', principal: userIn(GRANTED, 'ecr-pull-through-cache-user'), action: 'ecr:BatchImportUpstreamImage', resource: repo('ecr-public/amazonlinux/amazonlinux', 'us-east-1', GRANTED), registryPolicy: pullThroughCache, expect: 'allowed' },
  { name: 'pull through cache: the user creates the cache repository', principal: userIn(GRANTED, 'ecr-pull-through-cache-user'), action: 'ecr:CreateRepository', resource: repo('ecr-public/nginx/nginx', 'us-east-1', GRANTED), registryPolicy: pullThroughCache, expect: 'allowed' },
  { name: 'pull through cache: another namespace', principal: userIn(GRANTED, 'ecr-pull-through-cache-user'), action: 'ecr:CreateRepository', resource: repo('quay/app', 'us-east-1', GRANTED), registryPolicy: pullThroughCache, expect: 'implicit-deny' },
  { name: 'pull through cache: another user of the account', principal: userIn(GRANTED, 'developer'), action: 'ecr:BatchImportUpstreamImage', resource: repo('ecr-public/nginx/nginx', 'us-east-1', GRANTED), registryPolicy: pullThroughCache, expect: 'implicit-deny' },
  { name: 'pull through cache: "if an IAM user has ecr:* permissions granted, no additional permissions are needed"', principal: userIn(GRANTED, 'developer'), action: 'ecr:BatchImportUpstreamImage', resource: repo('ecr-public/nginx/nginx', 'us-east-1', GRANTED), registryPolicy: pullThroughCache, identity: [allowAll], expect: 'allowed' },
];

// security-iam-awsmanpol: the AWS managed policies, and the identity-based policy examples
const readOnly = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy',
        'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetLifecyclePolicy',
        'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings',
      ],
      Resource: '*',
    },
  ],
};
const powerUser = {
  Version: '2012-10-17',
  Statement: [{ ...readOnly.Statement[0], Action: [...readOnly.Statement[0].Action, 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'] }],
};
const fullAccess = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['ecr:*', 'cloudtrail:LookupEvents'], Resource: '*' },
    { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole'], Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': ['replication.ecr.amazonaws.com'] } } },
  ],
};
// "Accessing One Amazon ECR Repository"
const oneRepository = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ListImagesInRepository', Effect: 'Allow', Action: ['ecr:ListImages'], Resource: repo('my-repo') },
    { Sid: 'GetAuthorizationToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
    {
      Sid: 'ManageRepositoryContents',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories',
        'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload', 'ecr:PutImage',
      ],
      Resource: repo('my-repo'),
    },
  ],
};
// "Allow Users to View Their Own Permissions"
const viewOwnUserInfo = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ViewOwnUserInfo', Effect: 'Allow', Action: ['iam:GetUserPolicy', 'iam:ListGroupsForUser', 'iam:ListAttachedUserPolicies', 'iam:ListUserPolicies', 'iam:GetUser'], Resource: ['arn:aws:iam::*:user/${aws:username}'] },
    { Sid: 'NavigateInConsole', Effect: 'Allow', Action: ['iam:GetGroupPolicy', 'iam:GetPolicyVersion', 'iam:GetPolicy', 'iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies', 'iam:ListPolicyVersions', 'iam:ListPolicies', 'iam:ListUsers'], Resource: '*' },
  ],
};
// ecr-supported-iam-actions-tagging: "Using Tag-Based Access Control"
const createTaggedDev = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowCreateTaggedRepository', Effect: 'Allow', Action: ['ecr:CreateRepository'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/environment': 'dev' } } },
    { Sid: 'AllowTagRepository', Effect: 'Allow', Action: ['ecr:TagResource'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/environment': 'dev' } } },
  ],
};
const allButProd = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
    { Effect: 'Deny', Action: 'ecr:*', Resource: '*', Condition: { StringEquals: { 'ecr:ResourceTag/environment': 'prod' } } },
  ],
};
// pull-through-cache-private: the downstream role's permissions for ECR to ECR pull through cache
const ecrToEcrCacheRole = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'VisualEditor0',
      Effect: 'Allow',
      Action: [
        'ecr:GetDownloadUrlForLayer', 'ecr:GetAuthorizationToken', 'ecr:BatchImportUpstreamImage', 'ecr:BatchGetImage',
        'ecr:GetImageCopyStatus', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage',
      ],
      Resource: '*',
    },
  ],
};

const identityPolicies: DecisionCase[] = [
  { name: 'ReadOnly: pull', principal: alice, action: 'ecr:BatchGetImage', resource: repo('app'), identity: [readOnly], expect: 'allowed' },
  { name: 'ReadOnly: GetAuthorizationToken on "*"', principal: alice, action: 'ecr:GetAuthorizationToken', resource: '*', identity: [readOnly], expect: 'allowed' },
  { name: 'ReadOnly: no push', principal: alice, action: 'ecr:PutImage', resource: repo('app'), identity: [readOnly], expect: 'implicit-deny' },
  { name: 'PowerUser: push', principal: alice, action: 'ecr:PutImage', resource: repo('app'), identity: [powerUser], expect: 'allowed' },
  { name: 'PowerUser: "doesn\'t allow them to delete repositories"', principal: alice, action: 'ecr:DeleteRepository', resource: repo('app'), identity: [powerUser], expect: 'implicit-deny' },
  { name: 'PowerUser: "or change the policy documents"', principal: alice, action: 'ecr:SetRepositoryPolicy', resource: repo('app'), identity: [powerUser], expect: 'implicit-deny' },
  { name: 'FullAccess: delete a repository', principal: alice, action: 'ecr:DeleteRepository', resource: repo('app'), identity: [fullAccess], expect: 'allowed' },
  { name: 'FullAccess: the replication service-linked role', principal: alice, action: 'iam:CreateServiceLinkedRole', resource: `arn:aws:iam::${OWNER}:role/aws-service-role/replication.ecr.amazonaws.com/AWSServiceRoleForECRReplication`, context: { 'iam:AWSServiceName': 'replication.ecr.amazonaws.com' }, identity: [fullAccess], expect: 'allowed' },
  { name: 'FullAccess: another service-linked role', principal: alice, action: 'iam:CreateServiceLinkedRole', resource: '*', context: { 'iam:AWSServiceName': 'ec2.amazonaws.com' }, identity: [fullAccess], expect: 'implicit-deny' },
  { name: 'one repository: list my-repo', principal: alice, action: 'ecr:ListImages', resource: repo('my-repo'), identity: [oneRepository], expect: 'allowed', statement: 'ListImagesInRepository' },
  { name: 'one repository: push to my-repo', principal: alice, action: 'ecr:PutImage', resource: repo('my-repo'), identity: [oneRepository], expect: 'allowed', statement: 'ManageRepositoryContents' },
  { name: 'one repository: not another repository', principal: alice, action: 'ecr:BatchGetImage', resource: repo('other-repo'), identity: [oneRepository], expect: 'implicit-deny' },
  { name: 'one repository: the authorization token', principal: alice, action: 'ecr:GetAuthorizationToken', resource: '*', identity: [oneRepository], expect: 'allowed', statement: 'GetAuthorizationToken' },
  { name: 'ViewOwnUserInfo: alice reads herself', principal: alice, action: 'iam:GetUser', resource: `arn:aws:iam::${OWNER}:user/alice`, identity: [viewOwnUserInfo], expect: 'allowed', statement: 'ViewOwnUserInfo' },
  { name: 'ViewOwnUserInfo: alice reads bob', principal: alice, action: 'iam:GetUser', resource: `arn:aws:iam::${OWNER}:user/bob`, identity: [viewOwnUserInfo], expect: 'implicit-deny' },
  { name: 'tags: create a repository tagged environment=dev', principal: alice, action: 'ecr:CreateRepository', resource: repo('new'), context: { 'aws:RequestTag/environment': 'dev', 'aws:TagKeys': ['environment'] }, identity: [createTaggedDev], expect: 'allowed' },
  { name: 'tags: create a repository tagged environment=prod', principal: alice, action: 'ecr:CreateRepository', resource: repo('new'), context: { 'aws:RequestTag/environment': 'prod' }, identity: [createTaggedDev], expect: 'implicit-deny' },
  { name: 'tags: create an untagged repository', principal: alice, action: 'ecr:CreateRepository', resource: repo('new'), identity: [createTaggedDev], expect: 'implicit-deny' },
  { name: 'tags: tag a repository environment=dev', principal: alice, action: 'ecr:TagResource', resource: repo('app'), context: { 'aws:RequestTag/environment': 'dev' }, identity: [createTaggedDev], expect: 'allowed', statement: 'AllowTagRepository' },
  { name: 'tags: all repositories but prod — an untagged one', principal: alice, action: 'ecr:PutImage', resource: repo('app'), identity: [allButProd], expect: 'allowed' },
  { name: 'tags: all repositories but prod — a dev one', principal: alice, action: 'ecr:PutImage', resource: repo('app'), context: { 'ecr:ResourceTag/environment': 'dev' }, identity: [allButProd], expect: 'allowed' },
  { name: 'tags: all repositories but prod — a prod one', principal: alice, action: 'ecr:BatchGetImage', resource: repo('app'), context: { 'ecr:ResourceTag/environment': 'prod' }, identity: [allButProd], expect: 'explicit-deny' },
  { name: 'ECR to ECR pull through cache role: import', principal: userIn(GRANTED, 'cache-role'), action: 'ecr:BatchImportUpstreamImage', resource: repo('upstream/app', 'us-east-1', GRANTED), identity: [ecrToEcrCacheRole], expect: 'allowed' },
  { name: 'ECR to ECR pull through cache role: no delete', principal: userIn(GRANTED, 'cache-role'), action: 'ecr:BatchDeleteImage', resource: repo('upstream/app', 'us-east-1', GRANTED), identity: [ecrToEcrCacheRole], expect: 'implicit-deny' },
];

runDecisionTable([...repositoryPolicies, ...registryPolicies, ...identityPolicies]);
