// Proves real clients read Berth's AWS JSON answers as they read ECR's: the AWS CLI prints
// "An error occurred (<__type>) when calling the <Op> operation: <message>", the JS SDK raises an
// exception named after `__type`. A tiny server wires envelope → SigV4 → validation → output.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';

import { awsCli as runAwsCli } from '../../../auth/sigv4/testing/aws-cli.js';
import { verifySigV4Request } from '../../../auth/sigv4/verify-request.js';
import { serializeAwsJsonError, serializeAwsJsonResponse } from './aws-json-error.js';
import { checkMethodAndContentType, parseJsonBody, resolveOperation } from './request-envelope.js';
import { loadServiceModel } from './service-model.js';
import { shapeOutput } from './shape-output.js';
import { validateInput } from './validate-input.js';

const ecr = loadServiceModel('aws-ecr');
const KEY = { accessKeyId: 'AKIABERTHPROTOCOL001', secretAccessKey: 'protocol-test-secret' };

function startEcrStub(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let response;
    try {
      checkMethodAndContentType(req.method ?? '', req.headers['content-type'], body.length);
      const json = parseJsonBody(body);
      const operation = resolveOperation(ecr, req.headers['x-amz-target'] as string | undefined);
      await verifySigV4Request(
        { method: req.method!, path: req.url!, headers: req.headers, body, now: new Date() },
        {
          services: ['ecr'],
          regions: ['us-east-1'],
          lookupSecret: async (id) => (id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey } : undefined),
        },
      );
      const input = validateInput(ecr, operation.name, json);
      const output =
        operation.name === 'CreateRepository'
          ? { repository: { repositoryName: input['repositoryName'], createdAt: new Date('2024-05-01T12:00:00.5Z'), secretColumn: 'x' } }
          : { repositories: [] };
      response = serializeAwsJsonResponse(shapeOutput(ecr, operation.name, output));
    } catch (error) {
      response = serializeAwsJsonError(error);
    }
    res.writeHead(response.statusCode, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
    res.end(response.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function awsCli(endpoint: string, args: string[], key = KEY) {
  return runAwsCli(endpoint, args, key);
}

describe('real clients against the AWS JSON 1.1 pieces', () => {
  let server: Server;
  let endpoint: string;

  before(async () => {
    server = await startEcrStub();
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('AWS CLI: a valid call succeeds; timestamps are epoch seconds with fractions', async () => {
    const result = await awsCli(endpoint, ['ecr', 'create-repository', '--repository-name', 'team/app']);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { repository: Record<string, unknown> };
    assert.equal(parsed.repository['repositoryName'], 'team/app');
    // CLI v1 prints the wire value as is (cli_timestamp_format defaults to none).
    assert.equal(parsed.repository['createdAt'], 1714564800.5);
    assert.ok(!('secretColumn' in parsed.repository));
  });

  it('AWS CLI: a constraint violation reads exactly like ECR', async () => {
    const result = await awsCli(endpoint, ['ecr', 'create-repository', '--repository-name', 'UPPER']);
    assert.equal(result.code, 255); // AWS CLI v1's exit status for a service error
    assert.equal(
      result.stderr.trim(),
      'An error occurred (InvalidParameterException) when calling the CreateRepository operation: ' +
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: " +
        "'must satisfy regular expression '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*''",
    );
  });

  it('AWS CLI: a wrong secret and an unknown key read like ECR', async () => {
    const wrongSecret = await awsCli(endpoint, ['ecr', 'describe-repositories'], { ...KEY, secretAccessKey: 'wrong' });
    assert.match(wrongSecret.stderr, /An error occurred \(InvalidSignatureException\) when calling the DescribeRepositories operation: The request signature we calculated does not match/);
    const unknown = await awsCli(endpoint, ['ecr', 'describe-repositories'], { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    assert.match(unknown.stderr, /\(UnrecognizedClientException\) when calling the DescribeRepositories operation: The security token included in the request is invalid\./);
  });

  it('JS SDK: errors surface as the modeled exception classes with status and message', async () => {
    const client = new ECRClient({ endpoint, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
    try {
      await assert.rejects(client.send(new DescribeRepositoriesCommand({ maxResults: 5000 })), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, 'InvalidParameterException');
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.equal(error.message, "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'");
        return true;
      });
      const created = await client.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
      assert.equal(created.repository?.createdAt?.toISOString(), '2024-05-01T12:00:00.500Z');
    } finally {
      client.destroy();
    }
  });
});
