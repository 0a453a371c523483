import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SigV4Error } from '../../auth/sigv4/index.js';
import { RegistryError } from '../../domain/registry-error.js';
import { IdentityError } from '../../identity/identity-error.js';
import { accessDenied, asQueryError } from './iam-errors.js';

const answer = (error: unknown) => {
  const mapped = asQueryError(error);
  return mapped && { code: mapped.code, status: mapped.httpStatus, type: mapped.faultType, message: mapped.message };
};

describe('IAM error codes', () => {
  test("identity errors become IAM's codes with the statuses of IAM's service model", () => {
    const cases: [IdentityError['code'], string, number][] = [
      ['user-not-found', 'NoSuchEntity', 404],
      ['inline-policy-not-found', 'NoSuchEntity', 404],
      ['group-exists', 'EntityAlreadyExists', 409],
      ['delete-conflict', 'DeleteConflict', 409],
      ['limit-exceeded', 'LimitExceeded', 409],
      ['policy-malformed', 'MalformedPolicyDocument', 400],
      ['invalid-value', 'ValidationError', 400],
      ['invalid-input', 'InvalidInput', 400],
    ];
    for (const [code, awsCode, status] of cases) {
      assert.deepEqual(answer(new IdentityError(code, 'why')), { code: awsCode, status, type: 'Sender', message: 'why' }, code);
    }
  });

  test("signature failures read as the Query APIs' common errors; the rate limit is Throttling; anything else is a server fault", () => {
    assert.deepEqual(answer(new SigV4Error('unrecognized-client', 'The security token included in the request is invalid.'))?.code, 'InvalidClientTokenId');
    assert.equal(answer(new SigV4Error('signature-expired', 'Signature expired'))?.status, 403);
    assert.equal(answer(new SigV4Error('incomplete-signature', 'x'))?.status, 400);
    assert.deepEqual(answer(new RegistryError('too-many-requests', 'slow down')), { code: 'Throttling', status: 400, type: 'Sender', message: 'slow down' });
    assert.equal(asQueryError(new Error('boom')), undefined);
    assert.equal(asQueryError(new RegistryError('repository-not-found', 'x')), undefined);
  });

  test("AccessDenied names the caller, the action and the resource, as IAM's message does", () => {
    const denied = accessDenied('arn:aws:iam::111111111111:user/dave', 'iam:CreateUser', 'arn:aws:iam::111111111111:user/eve');
    assert.equal(denied.httpStatus, 403);
    assert.equal(
      denied.message,
      'User: arn:aws:iam::111111111111:user/dave is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111111111111:user/eve because no identity-based policy allows the iam:CreateUser action',
    );
  });
});
