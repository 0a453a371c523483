// Proves errors leave the server as AWS JSON 1.1 does it: body, content type, request id, status.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SigV4Error } from '../../../auth/sigv4/sigv4-error.js';
import { AwsJsonError, awsJsonError, httpStatusFor, serializeAwsJsonError, serializeAwsJsonResponse } from './aws-json-error.js';
import { loadServiceModel } from './service-model.js';

const ecr = loadServiceModel('aws-ecr');

describe('serializeAwsJsonError', () => {
  it('writes {"__type","message"}, the JSON 1.1 content type and the request id', () => {
    const response = serializeAwsJsonError(
      awsJsonError(ecr, 'RepositoryNotFoundException', "The repository with name 'web' does not exist in the registry with id '123456789012'"),
      { requestId: '8f1c7a52-6a1e-4d55-9d5c-2a8cf3d0b1a7' },
    );
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.headers, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': '8f1c7a52-6a1e-4d55-9d5c-2a8cf3d0b1a7',
    });
    assert.deepEqual(JSON.parse(response.body), {
      __type: 'RepositoryNotFoundException',
      message: "The repository with name 'web' does not exist in the registry with id '123456789012'",
    });
  });

  it('omits message when the error has none (UnknownOperationException)', () => {
    const response = serializeAwsJsonError(new AwsJsonError('UnknownOperationException', undefined, 400));
    assert.equal(response.body, '{"__type":"UnknownOperationException"}');
    assert.match(response.headers['x-amzn-requestid']!, /^[0-9a-f-]{36}$/);
  });

  it('serializes SigV4 failures with their AWS type and status', () => {
    const response = serializeAwsJsonError(new SigV4Error('unrecognized-client', 'The security token included in the request is invalid.'));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(JSON.parse(response.body), {
      __type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('turns anything unexpected into ServerException 500 without leaking its details', () => {
    const response = serializeAwsJsonError(new Error('connect ECONNREFUSED postgres://berth:hunter2@db'));
    assert.equal(response.statusCode, 500);
    assert.deepEqual(JSON.parse(response.body), { __type: 'ServerException', message: 'An internal error occurred.' });
    assert.ok(!response.body.includes('hunter2'));
    assert.equal(serializeAwsJsonError('thrown string', { serverErrorType: 'InternalFailure' }).body.includes('InternalFailure'), true);
  });
});

describe('httpStatusFor', () => {
  it('400 for every modeled ECR client error, 500 for the fault shape (the model has no httpStatusCode)', () => {
    const exceptions = Object.entries(ecr.shapes).filter(([, shape]) => shape.type === 'structure' && shape.exception);
    assert.ok(exceptions.length > 40);
    for (const [name, shape] of exceptions) {
      assert.equal(httpStatusFor(ecr, name), shape.type === 'structure' && shape.fault ? 500 : 400, name);
    }
    assert.equal(httpStatusFor(ecr, 'ServerException'), 500);
  });

  it('honours error.httpStatusCode when a model declares it, and knows the common errors', () => {
    const model = { ...ecr, shapes: { ...ecr.shapes, TeapotException: { type: 'structure' as const, members: {}, exception: true, error: { httpStatusCode: 418 } } } };
    assert.equal(httpStatusFor(model, 'TeapotException'), 418);
    assert.equal(httpStatusFor(ecr, 'AccessDeniedException'), 403);
    assert.equal(httpStatusFor(ecr, 'UnknownOperationException'), 400);
    assert.equal(httpStatusFor(undefined, 'SomethingElse'), 400);
  });
});

describe('serializeAwsJsonResponse', () => {
  it('sends 200 with the JSON 1.1 content type', () => {
    const response = serializeAwsJsonResponse({ repositories: [] }, { requestId: 'r-1' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, '{"repositories":[]}');
    assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1');
  });
});
