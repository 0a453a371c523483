// How the ECR API answers requests it must refuse, with the real AWS CLI and SDK against a running
// server: SigV4 failures (unknown key, wrong secret, a signature 20 minutes old, none at all, a body
// changed after signing), protocol failures (malformed JSON, unknown X-Amz-Target) and each kind of
// model constraint, worded as ECR words them. And that an IAM user's key made with `berth admin`
// while the server runs is accepted.
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { berthBin, newTestCredentials, type RootCredentials } from '../support/berth-process.js';
import { cliErrorType, region, startEcrBerth, type EcrBerth } from './ecr-harness.js';

const execFileAsync = promisify(execFile);
const target = (operation: string) => `AmazonEC2ContainerRegistry_V20150921.${operation}`;

/** Rejects with this AWS error name (and message), answered with HTTP 400. */
async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp, what?: string): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name, what);
    if (typeof message === 'string') assert.equal(error.message, message, what);
    else if (message) assert.match(error.message, message, what);
    assert.equal(error.$metadata?.httpStatusCode, 400, what);
    return true;
  });
}

interface RawResponse {
  status: number;
  json: { __type?: string; message?: string; [member: string]: unknown };
}

describe('ECR API: signatures, protocol errors and constraints', () => {
  let berth: EcrBerth;

  /** POST / with exactly these headers and body (node:http, so Host is what was signed). */
  const post = (headers: Record<string, string>, body: string): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const request = httpRequest(`${berth.url}/`, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      });
      request.on('error', reject);
      request.end(body);
    });

  /** Headers of a request signed by @smithy/signature-v4 (the SDK's signer) with the root key. */
  const signedHeaders = async (operation: string, body: string, credentials: RootCredentials = berth.credentials) => {
    const url = new URL(berth.url);
    const signer = new SignatureV4({ service: 'ecr', region, credentials, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target(operation) },
        body,
      }),
    );
    return signed.headers as Record<string, string>;
  };

  before(async () => {
    berth = await startEcrBerth();
    await berth.sdk().send(new CreateRepositoryCommand({ repositoryName: 'signed' }));
  });
  after(async () => {
    await berth?.stop();
  });

  test('an access key the server does not know is UnrecognizedClientException (CLI and SDK)', async () => {
    const stranger = newTestCredentials();
    const cli = await berth.aws(['describe-repositories'], { credentials: stranger });
    assert.equal(cliErrorType(cli), 'UnrecognizedClientException');
    assert.match(cli.stderr, /The security token included in the request is invalid\./);
    await rejectsWith(berth.sdk(stranger).send(new DescribeRepositoriesCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  test('a known key with the wrong secret is InvalidSignatureException (CLI and SDK)', async () => {
    const wrong = { accessKeyId: berth.credentials.accessKeyId, secretAccessKey: newTestCredentials().secretAccessKey };
    const cli = await berth.aws(['describe-repositories'], { credentials: wrong });
    assert.equal(cliErrorType(cli), 'InvalidSignatureException');
    assert.match(cli.stderr, /The request signature we calculated does not match the signature you provided\./);
    await rejectsWith(berth.sdk(wrong).send(new DescribeRepositoriesCommand({})), 'InvalidSignatureException', /^The request signature we calculated does not match/);
  });

  test('a request the SDK signs 20 minutes in the past is InvalidSignatureException "Signature expired"', async () => {
    const late = berth.sdk();
    late.config.systemClockOffset = -20 * 60 * 1000;
    await rejectsWith(
      late.send(new DescribeRepositoriesCommand({})),
      'InvalidSignatureException',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  test('a request with no signature at all is MissingAuthenticationTokenException', async () => {
    const response = await fetch(`${berth.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('DescribeRepositories') },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  test('a correctly signed request is accepted; the same signature over an altered body is InvalidSignatureException', async () => {
    const body = '{"repositoryNames":["signed"]}';
    const headers = await signedHeaders('DescribeRepositories', body);
    const accepted = await post(headers, body);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
    assert.equal((accepted.json.repositories as { repositoryName: string }[])[0]!.repositoryName, 'signed');

    const altered = body.replace('signed', 'signeD');
    assert.equal(altered.length, body.length, 'same length: only the bytes differ');
    const refused = await post(headers, altered);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.__type, 'InvalidSignatureException');
  });

  test('malformed JSON, even correctly signed, is SerializationException', async () => {
    const body = '{"repositoryNames": [';
    const response = await post(await signedHeaders('DescribeRepositories', body), body);
    assert.equal(response.status, 400);
    assert.equal(response.json.__type, 'SerializationException');
  });

  test('an X-Amz-Target naming no ECR operation is UnknownOperationException', async () => {
    for (const operation of ['DescribeRepositoriez', 'ListBuckets']) {
      const response = await post(await signedHeaders(operation, '{}'), '{}');
      assert.equal(response.status, 400);
      assert.equal(response.json.__type, 'UnknownOperationException', operation);
    }
    const foreign = await signedHeaders('DescribeRepositories', '{}');
    const response = await post({ ...foreign, 'x-amz-target': 'DynamoDB_20120810.ListTables' }, '{}');
    assert.equal(response.json.__type, 'UnknownOperationException');
  });

  test('each kind of model constraint is InvalidParameterException with the model-derived message', async () => {
    const client = berth.sdk();
    const cases: { what: string; send: () => Promise<unknown>; message: string }[] = [
      {
        what: 'length (RepositoryName min 2)',
        send: () => client.send(new CreateRepositoryCommand({ repositoryName: 'a' })),
        message: "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must have length greater than or equal to 2'",
      },
      {
        what: 'pattern (RegistryId [0-9]{12})',
        send: () => client.send(new DescribeRepositoriesCommand({ registryId: '12345' })),
        message: "Invalid parameter at 'registryId' failed to satisfy constraint: 'Member must satisfy regular expression pattern: [0-9]{12}'",
      },
      {
        what: 'enum (ImageTagMutability)',
        send: () => client.send(new CreateRepositoryCommand({ repositoryName: 'enum-case', imageTagMutability: 'SOMETIMES' as never })),
        message:
          "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [IMMUTABLE, MUTABLE, MUTABLE_WITH_EXCLUSION, IMMUTABLE_WITH_EXCLUSION]'",
      },
      {
        what: 'required (DeleteRepository repositoryName)',
        send: () => client.send(new DeleteRepositoryCommand({ repositoryName: undefined as never })),
        message: "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be null'",
      },
      {
        what: 'range (maxResults ≤ 1000)',
        send: () => client.send(new DescribeRepositoriesCommand({ maxResults: 1001 })),
        message: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'",
      },
      {
        what: 'range (maxResults ≥ 1)',
        send: () => client.send(new DescribeRepositoriesCommand({ maxResults: 0 })),
        message: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'",
      },
      {
        what: 'list length (GetAuthorizationToken registryIds 1..10)',
        send: () => client.send(new GetAuthorizationTokenCommand({ registryIds: [] })),
        message: "Invalid parameter at 'registryIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'",
      },
    ];
    for (const { what, send, message } of cases) {
      await rejectsWith(send(), 'InvalidParameterException', message, what);
    }
    const cli = await berth.aws(['describe-repositories', '--registry-id', 'not-digits']);
    assert.equal(cliErrorType(cli), 'InvalidParameterException');
    assert.match(cli.stderr, /Invalid parameter at 'registryId' failed to satisfy constraint: 'Member must satisfy regular expression pattern: \[0-9\]\{12\}'/);
  });

  test('an IAM user’s key created with `berth admin` while the server runs signs requests that work (CLI and SDK)', async () => {
    const admin = async (args: string[]) =>
      JSON.parse((await execFileAsync(process.execPath, [berthBin, 'admin', ...args, '--data', berth.dataDir], { env: { ...process.env, BERTH_LOG_LEVEL: 'warn', ...berth.storeEnv } })).stdout);
    const user = await admin(['create-user', '--user-name', 'ci-bot']);
    assert.match(user.Arn, /^arn:aws:iam::\d{12}:user\/ci-bot$/);
    const key = await admin(['create-access-key', '--user-name', 'ci-bot']);
    const credentials = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    const before = await berth.aws(['describe-repositories', '--repository-names', 'signed'], { credentials });
    assert.equal(cliErrorType(before), 'AccessDeniedException', 'verified as ci-bot, which may do nothing yet');
    assert.match(before.stderr, /User: arn:aws:iam::\d{12}:user\/ci-bot is not authorized to perform: ecr:DescribeRepositories/);
    const allowed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecr:DescribeRepositories', 'ecr:CreateRepository', 'ecr:GetAuthorizationToken'], Resource: '*' }] };
    const granted = await berth.aws(['put-user-policy', '--user-name', 'ci-bot', '--policy-name', 'ci', '--policy-document', JSON.stringify(allowed)], { service: 'iam' });
    assert.equal(granted.status, 0, granted.stderr);

    const cli = await berth.aws(['describe-repositories', '--repository-names', 'signed'], { credentials });
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.json.repositories[0].repositoryName, 'signed');
    const created = await berth.sdk(credentials).send(new CreateRepositoryCommand({ repositoryName: 'made-by-ci-bot' }));
    assert.equal(created.repository?.registryId, user.Arn.split(':')[4], 'the user acts in its own account');
    const token = await berth.aws(['get-login-password'], { credentials });
    assert.equal(token.status, 0, token.stderr);
    const login = await fetch(`${berth.url}/v2/`, { headers: { authorization: `Basic ${Buffer.from(`AWS:${token.stdout.trim()}`).toString('base64')}` } });
    assert.equal(login.status, 200, 'the user’s token opens /v2/');
  });
});
