// Every condition operator family, …IfExists, ForAnyValue:/ForAllValues:, Null, absent keys, IPv4
// and IPv6 ranges, dates, and the global keys the engine derives from the principal. Each case is
// an identity policy allowing ecr:* under one Condition block: allowed when the block holds.
import type { ContextValue } from './access-request.js';
import { ACCOUNT, OTHER_ACCOUNT, rootOf, runDecisionTable, user, userIn, type DecisionCase } from './testing/decision-table.js';

function when(
  name: string,
  condition: Record<string, Record<string, unknown>>,
  context: Record<string, ContextValue>,
  holds: boolean,
  principal = user('alice'),
): DecisionCase {
  return {
    name,
    principal,
    action: 'ecr:BatchGetImage',
    context,
    identity: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: condition } }],
    expect: holds ? 'allowed' : 'implicit-deny',
  };
}

/** A repository Deny for callers without aws:username: the root user has none, users do. */
function rootHasNoUserName(principal: DecisionCase['principal'], expect: DecisionCase['expect']): DecisionCase {
  return {
    name: `a Deny on Null aws:username, caller ${principal.arn}`,
    principal,
    action: 'ecr:BatchGetImage',
    repositoryPolicy: {
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', Principal: '*', Action: 'ecr:*', Condition: { Null: { 'aws:username': 'true' } } },
    },
    expect,
  };
}

const strings: DecisionCase[] = [
  when('StringEquals, equal', { StringEquals: { 'aws:RequestTag/env': 'dev' } }, { 'aws:RequestTag/env': 'dev' }, true),
  when('StringEquals is case-sensitive', { StringEquals: { 'aws:RequestTag/env': 'dev' } }, { 'aws:RequestTag/env': 'DEV' }, false),
  when('StringEquals, one of several values', { StringEquals: { 'aws:RequestTag/env': ['dev', 'test'] } }, { 'aws:RequestTag/env': 'test' }, true),
  when('StringEquals, key absent', { StringEquals: { 'aws:RequestTag/env': 'dev' } }, {}, false),
  when('StringNotEquals, different', { StringNotEquals: { 'aws:RequestTag/env': 'prod' } }, { 'aws:RequestTag/env': 'dev' }, true),
  when('StringNotEquals, equal to one listed', { StringNotEquals: { 'aws:RequestTag/env': ['prod', 'dev'] } }, { 'aws:RequestTag/env': 'dev' }, false),
  when('StringNotEquals, key absent holds', { StringNotEquals: { 'aws:RequestTag/env': 'prod' } }, {}, true),
  when('StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:RequestTag/env': 'Dev' } }, { 'aws:RequestTag/env': 'dEV' }, true),
  when('StringNotEqualsIgnoreCase', { StringNotEqualsIgnoreCase: { 'aws:RequestTag/env': 'PROD' } }, { 'aws:RequestTag/env': 'prod' }, false),
  when('StringLike with *', { StringLike: { 'aws:RequestTag/team': 'plat*' } }, { 'aws:RequestTag/team': 'platform' }, true),
  when('StringLike with ?', { StringLike: { 'aws:RequestTag/team': 'team-?' } }, { 'aws:RequestTag/team': 'team-ab' }, false),
  when('StringNotLike', { StringNotLike: { 'aws:RequestTag/team': 'ext-*' } }, { 'aws:RequestTag/team': 'ext-vendor' }, false),
  when('StringLike with ${aws:username}', { StringLike: { 'ecr:ResourceTag/owner': '${aws:username}' } }, { 'ecr:ResourceTag/owner': 'alice' }, true),
  when('StringEquals with ${aws:username}, another owner', { StringEquals: { 'ecr:ResourceTag/owner': '${aws:username}' } }, { 'ecr:ResourceTag/owner': 'bob' }, false),
  when('condition key names are case-insensitive', { StringEquals: { 'AWS:REQUESTTAG/ENV': 'dev' } }, { 'aws:requesttag/env': 'dev' }, true),
  when('ecr:ResourceTag and aws:ResourceTag are the same tags', { StringEquals: { 'aws:ResourceTag/env': 'prod' } }, { 'ecr:ResourceTag/env': 'prod' }, true),
  when('two keys under one operator: both must hold', { StringEquals: { 'aws:RequestTag/a': '1', 'aws:RequestTag/b': '2' } }, { 'aws:RequestTag/a': '1', 'aws:RequestTag/b': '3' }, false),
  when(
    'two operators: both must hold',
    { StringEquals: { 'aws:RequestTag/a': '1' }, Bool: { 'aws:SecureTransport': 'true' } },
    { 'aws:RequestTag/a': '1', 'aws:SecureTransport': true },
    true,
  ),
];

const numbers: DecisionCase[] = [
  when('NumericEquals', { NumericEquals: { 'ecr:count': '10' } }, { 'ecr:count': 10 }, true),
  when('NumericNotEquals', { NumericNotEquals: { 'ecr:count': 10 } }, { 'ecr:count': '10' }, false),
  when('NumericLessThan', { NumericLessThan: { 'ecr:count': '10' } }, { 'ecr:count': '9.5' }, true),
  when('NumericLessThanEquals at the bound', { NumericLessThanEquals: { 'ecr:count': '10' } }, { 'ecr:count': 10 }, true),
  when('NumericGreaterThan at the bound', { NumericGreaterThan: { 'ecr:count': '10' } }, { 'ecr:count': 10 }, false),
  when('NumericGreaterThanEquals', { NumericGreaterThanEquals: { 'ecr:count': '10' } }, { 'ecr:count': 11 }, true),
  when('a numeric operator on a non-number value', { NumericLessThan: { 'ecr:count': '10' } }, { 'ecr:count': 'many' }, false),
];

const dates: DecisionCase[] = [
  when('DateLessThan, before', { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2025-06-01T12:00:00Z' }, true),
  when('DateGreaterThan, before', { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2025-06-01T12:00:00Z' }, false),
  when('DateEquals across time zones', { DateEquals: { 'aws:CurrentTime': '2025-06-01T14:00:00+02:00' } }, { 'aws:CurrentTime': '2025-06-01T12:00:00Z' }, true),
  when('DateNotEquals', { DateNotEquals: { 'aws:CurrentTime': '2025-06-01' } }, { 'aws:CurrentTime': '2025-06-01T00:00:00Z' }, false),
  when('DateLessThanEquals with epoch seconds', { DateLessThanEquals: { 'aws:EpochTime': '1748779200' } }, { 'aws:EpochTime': 1748779200 }, true),
  when('DateGreaterThanEquals, epoch against ISO', { DateGreaterThanEquals: { 'aws:CurrentTime': '1748779200' } }, { 'aws:CurrentTime': '2025-06-01T12:00:01Z' }, true),
  when('aws:EpochTime is derived from aws:CurrentTime', { DateLessThan: { 'aws:EpochTime': '1748779201' } }, { 'aws:CurrentTime': '2025-06-01T12:00:00Z' }, true),
  when('aws:CurrentTime defaults to now', { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, {}, true),
];

const booleans: DecisionCase[] = [
  when('Bool true over TLS', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true }, true),
  when('Bool true over plain HTTP', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': false }, false),
  when('Bool accepts a JSON boolean and a string context value', { Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': 'false' }, true),
  when('BinaryEquals compares the base64 text', { BinaryEquals: { 'ecr:blob': 'QmluYXJ5VmFsdWU=' } }, { 'ecr:blob': 'QmluYXJ5VmFsdWU=' }, true),
];

const addresses: DecisionCase[] = [
  when('IpAddress inside an IPv4 CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.77' }, true),
  when('IpAddress outside an IPv4 CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.1' }, false),
  when('IpAddress, one of several ranges', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.7'] } }, { 'aws:SourceIp': '192.0.2.7' }, true),
  when('IpAddress inside an IPv6 CIDR', { IpAddress: { 'aws:SourceIp': '2001:db8:1234::/48' } }, { 'aws:SourceIp': '2001:db8:1234:ffff::1' }, true),
  when('IpAddress outside an IPv6 CIDR', { IpAddress: { 'aws:SourceIp': '2001:db8:1234::/48' } }, { 'aws:SourceIp': '2001:db8:1235::1' }, false),
  when('an IPv4-mapped IPv6 caller is its IPv4 address', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '::ffff:203.0.113.9' }, true),
  when('an IPv4 range never covers an IPv6 caller', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '2001:db8::1' }, false),
  when('NotIpAddress outside the range', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' }, true),
  when('NotIpAddress inside the range', { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }, { 'aws:SourceIp': '2001:db8::5' }, false),
];

const arns: DecisionCase[] = [
  when('ArnLike with * in the region', { ArnLike: { 'aws:SourceArn': 'arn:aws:codebuild:*:111122223333:project/*' } }, { 'aws:SourceArn': 'arn:aws:codebuild:eu-west-1:111122223333:project/web' }, true),
  when('ArnLike compares each component: * in the region never swallows the next one', { ArnLike: { 'aws:SourceArn': 'arn:aws:codebuild:*:111122223333:project/web' } }, { 'aws:SourceArn': 'arn:aws:codebuild:eu-west-1:x:111122223333:project/web' }, false),
  when('ArnEquals takes wildcards too', { ArnEquals: { 'aws:SourceArn': 'arn:aws:codebuild:us-east-1:111122223333:project/w?b' } }, { 'aws:SourceArn': 'arn:aws:codebuild:us-east-1:111122223333:project/web' }, true),
  when('ArnNotLike, a matching caller', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/ci-*' } }, {}, false, user('ci-runner')),
  when('ArnNotLike, another caller', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/ci-*' } }, {}, true),
  when('ArnNotEquals with a key absent holds', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::bucket' } }, {}, true),
  when('an ARN condition on a value that is no ARN', { ArnLike: { 'aws:SourceArn': 'arn:aws:codebuild:*:*:project/*' } }, { 'aws:SourceArn': 'project/web' }, false),
];

const existence: DecisionCase[] = [
  when('StringEqualsIfExists with the key absent', { StringEqualsIfExists: { 'aws:RequestTag/env': 'dev' } }, {}, true),
  when('StringEqualsIfExists with the key present and different', { StringEqualsIfExists: { 'aws:RequestTag/env': 'dev' } }, { 'aws:RequestTag/env': 'prod' }, false),
  when('IpAddressIfExists with no source address', { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, true),
  when('DateLessThanIfExists with the key present', { DateLessThanIfExists: { 'ecr:expires': '2020-01-01' } }, { 'ecr:expires': '2021-01-01' }, false),
  when('Null true: the key must be absent', { Null: { 'aws:RequestTag/env': 'true' } }, {}, true),
  when('Null true with the key present', { Null: { 'aws:RequestTag/env': 'true' } }, { 'aws:RequestTag/env': 'dev' }, false),
  when('Null false: the key must be present', { Null: { 'aws:TagKeys': 'false' } }, { 'aws:TagKeys': ['env'] }, true),
  when('Null false with an empty set', { Null: { 'aws:TagKeys': 'false' } }, { 'aws:TagKeys': [] }, false),
];

const sets: DecisionCase[] = [
  when('ForAllValues: every tag key listed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['env'] }, true),
  when('ForAllValues: one tag key not listed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['env', 'cost'] }, false),
  when('ForAllValues holds for an absent key', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, {}, true),
  when('ForAllValues holds for an empty set', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': [] }, true),
  when('ForAnyValue: one tag key listed', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['cost', 'env'] }, true),
  when('ForAnyValue: none listed', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['cost'] }, false),
  when('ForAnyValue fails for an absent key', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, {}, false),
  when('ForAnyValue:StringLike with wildcards', { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team-*'] } }, { 'aws:TagKeys': ['team-a'] }, true),
  when('ForAllValues:StringNotEquals: no key is forbidden', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['owner'] } }, { 'aws:TagKeys': ['env', 'team'] }, true),
  when('ForAnyValue:StringNotEquals: some key is not listed', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['env'] }, false),
  when('a multivalued key without qualifier matches when any value does', { StringEquals: { 'aws:TagKeys': 'env' } }, { 'aws:TagKeys': ['team', 'env'] }, true),
  when('ForAllValues:StringLikeIfExists with the key absent', { 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['x-*'] } }, {}, true),
];

const derivedKeys: DecisionCase[] = [
  when('aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }, {}, true),
  when('aws:PrincipalAccount cannot be supplied by the caller', { StringEquals: { 'aws:PrincipalAccount': OTHER_ACCOUNT } }, { 'aws:PrincipalAccount': OTHER_ACCOUNT }, false),
  when('aws:PrincipalArn', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/a*` } }, {}, true),
  when('aws:username', { StringEquals: { 'aws:username': 'alice' } }, {}, true),
  rootHasNoUserName(rootOf(ACCOUNT), 'explicit-deny'),
  rootHasNoUserName(user('alice'), 'implicit-deny'),
  when('aws:PrincipalType of a user', { StringEquals: { 'aws:PrincipalType': 'User' } }, {}, true),
  when('aws:userid of a user', { StringEquals: { 'aws:userid': 'AIDAALICE' } }, {}, true),
  when('aws:userid of another user', { StringEquals: { 'aws:userid': 'AIDAALICE' } }, {}, false, userIn(ACCOUNT, 'bob')),
];

runDecisionTable([...strings, ...numbers, ...dates, ...booleans, ...addresses, ...arns, ...existence, ...sets, ...derivedKeys]);
