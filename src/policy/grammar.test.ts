// The policy grammar at write time: what is accepted, and every refusal with the reason IAM (or
// ECR) gives, for malformed JSON, oversized documents and semantically invalid ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ecrInvalidPolicyMessage,
  parsePolicyDocument,
  parseRegistryPolicy,
  parseRepositoryPolicy,
  PolicyDocumentError,
  policyReasons,
  type PolicyKind,
} from './index.js';

const V = '2012-10-17';
const identity = (statement: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Version: V, Statement: statement, ...extra });
const allowAll = { Effect: 'Allow', Action: 'ecr:*', Resource: '*' };
const grant = { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' };

function refusal(parse: () => unknown): PolicyDocumentError {
  try {
    parse();
  } catch (error) {
    assert.ok(error instanceof PolicyDocumentError, String(error));
    return error;
  }
  assert.fail('the document was accepted');
}

const refused: Array<{ name: string; text: string; kind?: PolicyKind; reason: string }> = [
  { name: 'not JSON', text: '{"Version": "2012-10-17", "Statement": [', reason: policyReasons.syntax },
  { name: 'JSON that is not an object', text: '["Allow"]', reason: policyReasons.syntax },
  { name: 'an empty document', text: '', reason: policyReasons.syntax },
  { name: 'no Statement', text: JSON.stringify({ Version: V }), reason: policyReasons.syntax },
  { name: 'an empty Statement list', text: identity([]), reason: policyReasons.syntax },
  { name: 'a statement that is not an object', text: identity(['Allow']), reason: policyReasons.syntax },
  { name: 'an unknown top-level element', text: identity(allowAll, { Conditions: {} }), reason: policyReasons.syntax },
  { name: 'an unknown statement element', text: identity({ ...allowAll, Actions: 'ecr:*' }), reason: policyReasons.syntax },
  { name: 'an unknown Version', text: identity(allowAll, { Version: '2020-01-01' }), reason: policyReasons.syntax },
  { name: 'a numeric Version', text: identity(allowAll, { Version: 20121017 }), reason: policyReasons.syntax },
  { name: 'an identity policy of Version 2008-10-17', text: identity(allowAll, { Version: '2008-10-17' }), reason: policyReasons.version },
  { name: 'an identity policy without Version', text: JSON.stringify({ Statement: allowAll }), reason: policyReasons.version },
  { name: 'Effect Permit', text: identity({ ...allowAll, Effect: 'Permit' }), reason: policyReasons.syntax },
  { name: 'no Effect', text: identity({ Action: 'ecr:*', Resource: '*' }), reason: policyReasons.syntax },
  { name: 'Effect spelled allow', text: identity({ ...allowAll, Effect: 'allow' }), reason: policyReasons.legacyParsing },
  { name: 'both Action and NotAction', text: identity({ ...allowAll, NotAction: 'ecr:PutImage' }), reason: policyReasons.syntax },
  { name: 'both Resource and NotResource', text: identity({ ...allowAll, NotResource: '*' }), reason: policyReasons.syntax },
  { name: 'an Action that is a number', text: identity({ ...allowAll, Action: 42 }), reason: policyReasons.syntax },
  { name: 'an Action list holding an object', text: identity({ ...allowAll, Action: ['ecr:*', { Ref: 'x' }] }), reason: policyReasons.syntax },
  { name: 'a Resource that is an object', text: identity({ ...allowAll, Resource: { Arn: '*' } }), reason: policyReasons.syntax },
  { name: 'a Sid that is a number', text: identity({ ...allowAll, Sid: 7 }), reason: policyReasons.syntax },
  { name: 'no Action', text: identity({ Effect: 'Allow', Resource: '*' }), reason: policyReasons.missingActions },
  { name: 'an empty Action list', text: identity({ ...allowAll, Action: [] }), reason: policyReasons.missingActions },
  { name: 'an identity statement without Resource', text: identity({ Effect: 'Allow', Action: 'ecr:*' }), reason: policyReasons.missingResources },
  { name: 'an empty Resource list', text: identity({ ...allowAll, Resource: [] }), reason: policyReasons.missingResources },
  { name: 'a Principal in an identity policy', text: identity({ ...allowAll, Principal: '*' }), reason: policyReasons.principalInIdentityPolicy },
  { name: 'a NotPrincipal in an identity policy', text: identity({ ...allowAll, NotPrincipal: { AWS: '123456789012' } }), reason: policyReasons.principalInIdentityPolicy },
  { name: 'a resource policy without Principal', kind: 'resource', text: identity({ Effect: 'Allow', Action: 'ecr:*' }), reason: policyReasons.missingPrincipal },
  { name: 'both Principal and NotPrincipal', kind: 'resource', text: identity({ ...grant, NotPrincipal: '*' }), reason: policyReasons.syntax },
  { name: 'a Sid with punctuation (IAM)', text: identity({ ...allowAll, Sid: 'allow-all' }), reason: policyReasons.sidCharacters },
  { name: 'two statements with one Sid (IAM)', text: identity([{ ...allowAll, Sid: 'A' }, { ...allowAll, Sid: 'A' }]), reason: policyReasons.duplicateSid },
  { name: 'an action without a service', text: identity({ ...allowAll, Action: 'BatchGetImage' }), reason: policyReasons.vendorPrefix },
  { name: 'an action with two colons', text: identity({ ...allowAll, Action: 'ecr:Batch:GetImage' }), reason: policyReasons.oneColon },
  { name: 'a wildcard service', text: identity({ ...allowAll, Action: '*:GetImage' }), reason: policyReasons.vendorWildcard },
  { name: 'a service with invalid characters', text: identity({ ...allowAll, Action: 'e cr:GetImage' }), reason: policyReasons.invalidVendor('e cr') },
  { name: 'an action with no name', text: identity({ ...allowAll, Action: 'ecr:' }), reason: policyReasons.syntax },
  { name: 'a resource that is no ARN', text: identity({ ...allowAll, Resource: 'my-repo' }), reason: policyReasons.resourceFormat('my-repo') },
  { name: 'an empty resource', text: identity({ ...allowAll, Resource: '' }), reason: policyReasons.resourceFormat('') },
  {
    name: 'a resource in an unknown partition',
    text: identity({ ...allowAll, Resource: 'arn:${Partition}:ecr:us-east-1:123456789012:repository/x' }),
    reason: policyReasons.resourcePartition('${Partition}', 'arn:${Partition}:ecr:us-east-1:123456789012:repository/x'),
  },
  { name: 'a resource with a wildcard service', text: identity({ ...allowAll, Resource: 'arn:aws:*:us-east-1:123456789012:repository/x' }), reason: policyReasons.resourceVendor },
  { name: 'a Condition that is a list', text: identity({ ...allowAll, Condition: [{ Bool: {} }] }), reason: policyReasons.syntax },
  { name: 'an unknown condition operator', text: identity({ ...allowAll, Condition: { StringEqualz: { 'aws:username': 'a' } } }), reason: policyReasons.syntax },
  { name: 'a condition without operator', text: identity({ ...allowAll, Condition: { 'aws:username': 'a' } }), reason: policyReasons.syntax },
  { name: 'NullIfExists', text: identity({ ...allowAll, Condition: { NullIfExists: { 'aws:TagKeys': 'true' } } }), reason: policyReasons.syntax },
  { name: 'a condition value that is an object', text: identity({ ...allowAll, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }), reason: policyReasons.syntax },
  { name: 'a condition value that is null', text: identity({ ...allowAll, Condition: { StringEquals: { 'aws:username': null } } }), reason: policyReasons.syntax },
  { name: 'a condition key without service', text: identity({ ...allowAll, Condition: { StringEquals: { username: 'a' } } }), reason: policyReasons.vendorPrefix },
  { name: 'a date that is no date', text: identity({ ...allowAll, Condition: { DateLessThan: { 'aws:CurrentTime': '2024-13-01' } } }), reason: policyReasons.legacyParsing },
  { name: 'a number that is no number', text: identity({ ...allowAll, Condition: { NumericLessThan: { 'ecr:n': 'ten' } } }), reason: policyReasons.legacyParsing },
  { name: 'a Bool that is no boolean', text: identity({ ...allowAll, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }), reason: policyReasons.legacyParsing },
  { name: 'an IPv4 range with a bad prefix', text: identity({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }), reason: policyReasons.legacyParsing },
  { name: 'an IPv6 range that is no address', text: identity({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8:::1/64' } } }), reason: policyReasons.legacyParsing },
  { name: 'a Principal that is a bare string', kind: 'resource', text: identity({ ...grant, Principal: 'arn:aws:iam::123456789012:root' }), reason: policyReasons.syntax },
  { name: 'an unknown principal type', kind: 'resource', text: identity({ ...grant, Principal: { User: 'alice' } }), reason: policyReasons.syntax },
  { name: 'an empty principal list', kind: 'resource', text: identity({ ...grant, Principal: { AWS: [] } }), reason: policyReasons.syntax },
  {
    name: 'a principal that is no account or ARN',
    kind: 'resource',
    text: identity({ ...grant, Principal: { AWS: 'alice' } }),
    reason: policyReasons.invalidPrincipal('AWS', 'alice'),
  },
  {
    name: 'a principal ARN with a wildcard',
    kind: 'resource',
    text: identity({ ...grant, Principal: { AWS: 'arn:aws:iam::123456789012:user/*' } }),
    reason: policyReasons.invalidPrincipal('AWS', 'arn:aws:iam::123456789012:user/*'),
  },
  {
    name: 'a group as principal',
    kind: 'resource',
    text: identity({ ...grant, Principal: { AWS: 'arn:aws:iam::123456789012:group/devs' } }),
    reason: policyReasons.invalidPrincipal('AWS', 'arn:aws:iam::123456789012:group/devs'),
  },
  { name: 'an invalid service principal', kind: 'resource', text: identity({ ...grant, Principal: { Service: 'code build' } }), reason: policyReasons.invalidPrincipal('Service', 'code build') },
];

for (const { name, text, kind = 'identity', reason } of refused) {
  test(`refused: ${name}`, () => {
    const error = refusal(() => parsePolicyDocument(text, kind));
    assert.equal(error.reason, reason, error.detail);
    assert.equal(error.message, reason);
    assert.equal(error.code, 'malformed-policy');
  });
}

test('a document over 10,240 characters is refused; one of exactly 10,240 is not', () => {
  const padded = (length: number) => {
    const base = identity(allowAll, { Id: '' });
    return base.replace('"Id":""', `"Id":"${'x'.repeat(length - base.length)}"`);
  };
  assert.equal(padded(10_240).length, 10_240);
  assert.equal(parsePolicyDocument(padded(10_240), 'identity').statements.length, 1);
  const error = refusal(() => parsePolicyDocument(padded(10_241), 'identity'));
  assert.equal(error.code, 'policy-too-large');
  assert.equal(error.reason, 'Cannot exceed quota for PolicySize: 10240');
  assert.equal(
    ecrInvalidPolicyMessage(refusal(() => parseRepositoryPolicy(padded(10_241))), 'repository'),
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'must have length less than or equal to 10240'",
  );
});

test('IAM quotas: a smaller limit, white space not counted', () => {
  const text = JSON.stringify({ Version: V, Statement: allowAll }, null, 8);
  assert.ok(text.length > 120 && text.replace(/\s/g, '').length <= 120);
  assert.equal(refusal(() => parsePolicyDocument(text, 'identity', { maxLength: 120 })).reason, 'Cannot exceed quota for PolicySize: 120');
  assert.equal(parsePolicyDocument(text, 'identity', { maxLength: 120, ignoreWhitespaceInLength: true }).statements.length, 1);
});

test('ECR refuses with InvalidParameterException text and says why', () => {
  const error = refusal(() => parseRepositoryPolicy(identity({ Effect: 'Allow', Action: 'ecr:*' })));
  assert.equal(
    ecrInvalidPolicyMessage(error, 'repository'),
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'. Missing required field Principal (Statement[0])",
  );
  const registry = refusal(() => parseRegistryPolicy(identity(grant)));
  assert.equal(registry.reason, policyReasons.missingResources);
  assert.match(ecrInvalidPolicyMessage(registry, 'registry'), /^Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'\. /);
});

test('registry policies grant ECR actions only, and under scope V1 only the three registry actions', () => {
  const registry = (action: string) => identity({ ...grant, Action: action, Resource: 'arn:aws:ecr:us-east-1:123456789012:repository/*' });
  assert.match(refusal(() => parseRegistryPolicy(registry('s3:GetObject'))).reason, /only grant ecr actions/);
  assert.equal(parseRegistryPolicy(registry('ecr:BatchGetImage')).statements.length, 1);
  assert.match(refusal(() => parseRegistryPolicy(registry('ecr:BatchGetImage'), 'V1')).reason, /scope V1/);
  assert.equal(parseRegistryPolicy(registry('ecr:ReplicateImage'), 'V1').statements.length, 1);
  assert.equal(parseRegistryPolicy(registry('ecr:*'), 'V1').statements.length, 1);
});

test('accepted: the forms the grammar allows', () => {
  // One statement object rather than a list; NotAction/NotResource; every value type in conditions.
  const document = parsePolicyDocument(
    identity({
      Sid: 'Stmt1',
      Effect: 'Deny',
      NotAction: ['ecr:Get*', 'ecr:Batch?etImage'],
      NotResource: 'arn:aws:ecr:*:123456789012:repository/${aws:username}/*',
      Condition: { NumericLessThan: { 'ecr:n': 3 }, Bool: { 'aws:SecureTransport': false }, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b'] } },
    }),
    'identity',
  );
  assert.equal(document.version, V);
  assert.equal(document.statements[0].label, 'Stmt1');
  assert.equal(document.statements[0].effect, 'Deny');
  assert.equal(document.statements[0].conditions.length, 3);
  // Repository policies: no Version needed (2008-10-17 then), any Sid, Resource optional.
  const repository = parseRepositoryPolicy(JSON.stringify({ Statement: [{ ...grant, Sid: 'new statement' }, { ...grant, Sid: 'new statement', Resource: '*' }] }));
  assert.equal(repository.version, '2008-10-17');
  assert.equal(repository.statements.length, 2);
  // Every principal form.
  const principals = parseRepositoryPolicy(
    identity({
      ...grant,
      Principal: {
        AWS: ['123456789012', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:user/path/alice', 'arn:aws:iam::123456789012:role/ci', 'arn:aws:sts::123456789012:assumed-role/ci/session'],
        Service: ['codebuild.amazonaws.com'],
        Federated: 'cognito-identity.amazonaws.com',
        CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      },
    }),
  );
  assert.equal(principals.statements.length, 1);
});
