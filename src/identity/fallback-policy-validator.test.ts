import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fallbackPolicyValidator } from './fallback-policy-validator.js';

const statement = { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' };
const refusal = (document: unknown) => {
  try {
    fallbackPolicyValidator(typeof document === 'string' ? document : JSON.stringify(document));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('fallback identity policy validator', () => {
  test('accepts identity policies: one statement or a list, Action or NotAction, Resource or NotResource, with or without Version', () => {
    assert.equal(refusal({ Version: '2012-10-17', Statement: statement }), undefined);
    assert.equal(refusal({ Statement: [statement, { Effect: 'Deny', NotAction: ['ecr:Delete*'], NotResource: 'arn:aws:ecr:*:*:repository/x' }] }), undefined);
  });

  test('refuses text that is not JSON and documents that are not objects', () => {
    for (const document of ['{"Statement":', '', '[]', '"text"', '42', 'null']) assert.equal(refusal(document), 'Syntax errors in policy.', document);
  });

  test('refuses what no identity policy may be, with a reason', () => {
    assert.equal(refusal({ Version: '2020-01-01', Statement: statement }), 'The policy failed legacy parsing');
    assert.equal(refusal({ Version: '2012-10-17' }), 'Syntax errors in policy.');
    assert.equal(refusal({ Statement: [] }), 'Syntax errors in policy.');
    assert.equal(refusal({ Statement: { ...statement, Effect: 'Maybe' } }), 'Syntax errors in policy.');
    assert.equal(refusal({ Statement: { ...statement, Principal: '*' } }), 'Policy document should not specify a principal.');
    assert.equal(refusal({ Statement: { Effect: 'Allow', Resource: '*' } }), 'Policy statement must contain actions.');
    assert.equal(refusal({ Statement: { Effect: 'Allow', Action: [] , Resource: '*' } }), 'Policy statement must contain actions.');
    assert.equal(refusal({ Statement: { Effect: 'Allow', Action: '*' } }), 'Policy statement must contain resources.');
  });
});
