// Proves the AWS JSON 1.1 envelope checks answer like AWS: routing (method, content type,
// X-Amz-Target) and body parsing.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AwsJsonError } from './aws-json-error.js';
import { checkMethodAndContentType, parseJsonBody, resolveOperation } from './request-envelope.js';
import { loadServiceModel } from './service-model.js';

const ecr = loadServiceModel('aws-ecr');
const ecrPublic = loadServiceModel('aws-ecr-public');

function expectAwsError(fn: () => unknown, awsType: string, httpStatus: number, message?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsJsonError, String(error));
    assert.equal(error.awsType, awsType);
    assert.equal(error.httpStatus, httpStatus);
    if (message === undefined) assert.equal(error.hasMessage, false);
    else assert.equal(error.message, message);
    return true;
  });
}

describe('resolveOperation (X-Amz-Target)', () => {
  it('maps ECR and ECR Public targets to their operations', () => {
    assert.equal(resolveOperation(ecr, 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories').name, 'DescribeRepositories');
    assert.equal(resolveOperation(ecrPublic, 'SpencerFrontendService.GetAuthorizationToken').name, 'GetAuthorizationToken');
  });

  it('an unknown, foreign, missing or prototype-named target is UnknownOperationException, 400, no message', () => {
    for (const target of [
      'AmazonEC2ContainerRegistry_V20150921.LaunchRockets',
      'SpencerFrontendService.DescribeRepositories',
      'AmazonEC2ContainerRegistry_V20150921',
      'AmazonEC2ContainerRegistry_V20150921.toString',
      'DescribeRepositories',
      undefined,
    ]) {
      expectAwsError(() => resolveOperation(ecr, target), 'UnknownOperationException', 400);
    }
  });
});

describe('checkMethodAndContentType', () => {
  it('accepts a POST of AWS JSON 1.1 (with or without parameters) and JSON 1.0 / plain JSON', () => {
    for (const type of ['application/x-amz-json-1.1', 'application/x-amz-json-1.1; charset=utf-8', 'Application/X-Amz-Json-1.1', 'application/x-amz-json-1.0', 'application/json']) {
      checkMethodAndContentType('POST', type, 2);
    }
    checkMethodAndContentType('post', undefined, 0);
  });

  it('anything else is not routable: UnknownOperationException, 404', () => {
    expectAwsError(() => checkMethodAndContentType('GET', 'application/x-amz-json-1.1', 0), 'UnknownOperationException', 404);
    expectAwsError(() => checkMethodAndContentType('POST', 'application/xml', 2), 'UnknownOperationException', 404);
    expectAwsError(() => checkMethodAndContentType('POST', undefined, 2), 'UnknownOperationException', 404);
    expectAwsError(() => checkMethodAndContentType('POST', 'application/x-www-form-urlencoded', 10), 'UnknownOperationException', 404);
  });
});

describe('parseJsonBody', () => {
  it('parses an object; null is an empty input', () => {
    assert.deepEqual(parseJsonBody(Buffer.from('{"repositoryName":"web"}')), { repositoryName: 'web' });
    assert.deepEqual(parseJsonBody('null'), {});
  });

  it('malformed JSON or an empty body is SerializationException without a message', () => {
    for (const body of ['{"repositoryName":', '{bad}', '', '   ']) {
      expectAwsError(() => parseJsonBody(body), 'SerializationException', 400);
    }
  });

  it('valid JSON that is not an object gets Coral’s structure messages', () => {
    expectAwsError(() => parseJsonBody('[]'), 'SerializationException', 400, 'Start of list found where not expected');
    expectAwsError(() => parseJsonBody('"text"'), 'SerializationException', 400, 'Expected null');
    expectAwsError(() => parseJsonBody('42'), 'SerializationException', 400, 'Expected null');
  });
});
