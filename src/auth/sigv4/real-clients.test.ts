// Signatures from real AWS clients, captured on the wire: the AWS CLI (botocore) and the AWS JS
// SDK v3 (@aws-sdk/client-ecr) sign different header sets; both must verify, and every tampering
// of a captured request must fail the way AWS fails it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';

import { SigV4Error, type SigV4ErrorCode } from './sigv4-error.js';
import { awsCli as runAwsCli } from './testing/aws-cli.js';
import { startCaptureServer, type CaptureServer, type CapturedRequest } from './testing/capture-server.js';
import { verifySigV4Request, type SigV4Request, type VerifyOptions } from './verify-request.js';


const KEY = { accessKeyId: 'AKIABERTHTEST0000001', secretAccessKey: 'berth/test+secret/0123456789abcdefghijklm' };
const options: VerifyOptions<{ secretAccessKey: string; user: string }> = {
  services: ['ecr'],
  regions: ['us-east-1'],
  requiredSignedHeaders: ['x-amz-target'],
  lookupSecret: async (id) => (id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey, user: 'ci' } : undefined),
};

function asRequest(captured: CapturedRequest, now = new Date()): SigV4Request {
  return { method: captured.method, path: captured.path, headers: captured.headers, body: captured.body, now };
}

async function rejects(request: SigV4Request, code: SigV4ErrorCode, opts = options): Promise<SigV4Error> {
  let caught: unknown;
  await assert.rejects(verifySigV4Request(request, opts), (error: unknown) => {
    caught = error;
    return error instanceof SigV4Error && error.code === code;
  });
  return caught as SigV4Error;
}

async function awsCli(endpoint: string, args: string[], key = KEY): Promise<void> {
  const result = await runAwsCli(endpoint, args, key);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
}

function signedHeadersOf(captured: CapturedRequest): string {
  return /SignedHeaders=([^,]+)/.exec(String(captured.headers['authorization']))![1]!;
}

describe('signatures from real AWS clients', () => {
  let server: CaptureServer;
  let cli: CapturedRequest;
  let cliWithParams: CapturedRequest;
  let sdk: CapturedRequest;

  before(async () => {
    server = await startCaptureServer({ repositories: [] });
    await awsCli(server.endpoint, ['ecr', 'describe-repositories']);
    await awsCli(server.endpoint, ['ecr', 'describe-repositories', '--repository-names', 'team/app', 'web', '--max-items', '5']);
    const client = new ECRClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
    await client.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/app'] }));
    client.destroy();
    [cli, cliWithParams, sdk] = server.requests as [CapturedRequest, CapturedRequest, CapturedRequest];
  });

  after(() => server.close());

  it('captured one request per call, each a JSON 1.1 POST', () => {
    assert.equal(server.requests.length, 3);
    for (const request of server.requests) {
      assert.equal(request.method, 'POST');
      assert.equal(request.headers['x-amz-target'], 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories');
    }
  });

  it('the CLI and the JS SDK sign different header sets', () => {
    assert.notEqual(signedHeadersOf(cli), signedHeadersOf(sdk));
  });

  it('verifies the AWS CLI (botocore) signature', async () => {
    const verified = await verifySigV4Request(asRequest(cli), options);
    assert.equal(verified.accessKeyId, KEY.accessKeyId);
    assert.deepEqual(verified.principal, { user: 'ci' });
    await verifySigV4Request(asRequest(cliWithParams), options);
  });

  it('verifies the AWS JS SDK v3 (@aws-sdk/client-ecr) signature', async () => {
    const verified = await verifySigV4Request(asRequest(sdk), options);
    assert.equal(verified.scope.service, 'ecr');
  });

  for (const [client, pick] of [
    ['AWS CLI', () => cliWithParams],
    ['JS SDK', () => sdk],
  ] as const) {
    describe(`tampering with a captured ${client} request`, () => {
      it('unknown access key → UnrecognizedClientException', async () => {
        const captured = pick();
        const other = { ...options, lookupSecret: async () => undefined };
        const error = await rejects(asRequest(captured), 'unrecognized-client', other);
        assert.equal(error.awsType, 'UnrecognizedClientException');
      });

      it('wrong secret → InvalidSignatureException', async () => {
        const other = { ...options, lookupSecret: async () => ({ secretAccessKey: 'wrong', user: 'ci' }) };
        const error = await rejects(asRequest(pick()), 'signature-mismatch', other);
        assert.equal(error.awsType, 'InvalidSignatureException');
      });

      it('tampered body → InvalidSignatureException', async () => {
        const captured = pick();
        const body = Buffer.from(captured.body.toString().replace('team/app', 'team/evil'));
        assert.notDeepEqual(body, captured.body);
        await rejects({ ...asRequest(captured), body }, 'signature-mismatch');
      });

      it('tampered signed header → InvalidSignatureException', async () => {
        const request = asRequest(pick());
        const headers = { ...request.headers, 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DeleteRepository' };
        await rejects({ ...request, headers }, 'signature-mismatch');
      });

      it('clock 16 minutes ahead or behind → signature expired / not yet current', async () => {
        const request = asRequest(pick());
        const error = await rejects({ ...request, now: new Date(Date.now() + 16 * 60_000) }, 'signature-expired');
        assert.match(error.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
        const early = await rejects({ ...request, now: new Date(Date.now() - 16 * 60_000) }, 'signature-expired');
        assert.match(early.message, /^Signature not yet current: .* \+ 15 min\.\)$/);
      });

      it('missing X-Amz-Date → IncompleteSignatureException', async () => {
        const request = asRequest(pick());
        const { 'x-amz-date': _dropped, ...headers } = request.headers;
        const error = await rejects({ ...request, headers }, 'incomplete-signature');
        assert.match(error.message, /requires existence of either a 'X-Amz-Date' or a 'Date' header/);
      });

      it('malformed Authorization header → IncompleteSignatureException', async () => {
        const request = asRequest(pick());
        const authorization = String(request.headers['authorization']).replace(/SignedHeaders=[^,]+, /, '');
        const error = await rejects({ ...request, headers: { ...request.headers, authorization } }, 'incomplete-signature');
        assert.equal(error.message, "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256");
      });

      it('no Authorization header → MissingAuthenticationTokenException', async () => {
        const request = asRequest(pick());
        const { authorization: _dropped, ...headers } = request.headers;
        await rejects({ ...request, headers }, 'missing-authentication-token');
      });
    });
  }
});
