// The AWS Query protocol on the wire, with raw requests signed as the SDKs sign them: XML answers in
// IAM's and STS's namespaces with a RequestId, IAM's error codes with their HTTP statuses, signature
// failures, unknown actions; and STS GetCallerIdentity through the CLI for the root and for a user.
// The ECR surface, also on POST /, is undisturbed. IAM signed for us-east-1 is accepted whatever
// Berth's region (AWS signs its global IAM endpoint there).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEcrBerth, type EcrBerth } from '../ecr/ecr-harness.js';
import { newTestCredentials } from '../support/berth-process.js';
import { cliErrorType, iam, iamVersion, ok, queryRequest, sts, stsVersion, xmlText } from './iam-harness.js';

const iamNamespace = 'xmlns="https://iam.amazonaws.com/doc/2010-05-08/"';

describe('AWS Query protocol: IAM and STS on the wire', () => {
  let berth: EcrBerth;
  let accountId: string;
  before(async () => {
    berth = await startEcrBerth({ env: { BERTH_REGION: 'eu-west-1' } });
    accountId = ok(await sts(berth, ['get-caller-identity', '--region', 'eu-west-1'])).Account;
  });
  after(async () => {
    await berth?.stop();
  });

  const call = (params: Record<string, string>, options?: Parameters<typeof queryRequest>[2]) => queryRequest(berth, { Version: iamVersion, ...params }, options);

  test('a result is <Op>Response/<Op>Result with ResponseMetadata/RequestId, text/xml, in the IAM namespace', async () => {
    const created = await call({ Action: 'CreateUser', UserName: 'wire', Path: '/w/', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v+w' });
    assert.equal(created.status, 200, created.body);
    assert.equal(created.contentType, 'text/xml');
    assert.match(created.body, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<CreateUserResponse ${iamNamespace}><CreateUserResult><User>`));
    assert.match(created.body, /<Path>\/w\/<\/Path><UserName>wire<\/UserName><UserId>AIDA[A-Z2-7]{17}<\/UserId>/);
    assert.match(created.body, /<Tags><member><Key>k<\/Key><Value>v\+w<\/Value><\/member><\/Tags>/);
    assert.equal(xmlText(created.body, 'RequestId'), created.requestId);
    assert.match(created.requestId ?? '', /^[0-9a-f-]{36}$/);

    const deleted = await call({ Action: 'DeleteUser', UserName: 'wire' });
    assert.equal(deleted.status, 200);
    assert.match(deleted.body, new RegExp(`<DeleteUserResponse ${iamNamespace}><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></DeleteUserResponse>`));
  });

  test("errors are <ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>, with IAM's statuses", async () => {
    const missing = await call({ Action: 'GetUser', UserName: 'nobody' });
    assert.equal(missing.status, 404);
    assert.match(
      missing.body,
      new RegExp(
        `<ErrorResponse ${iamNamespace}><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name nobody cannot be found.</Message></Error><RequestId>${missing.requestId}</RequestId></ErrorResponse>`,
      ),
    );

    await call({ Action: 'CreateUser', UserName: 'held' });
    await call({ Action: 'CreateAccessKey', UserName: 'held' });
    const expectations: [Record<string, string>, string, number][] = [
      [{ Action: 'CreateUser', UserName: 'HELD' }, 'EntityAlreadyExists', 409],
      [{ Action: 'DeleteUser', UserName: 'held' }, 'DeleteConflict', 409],
      [{ Action: 'PutUserPolicy', UserName: 'held', PolicyName: 'p', PolicyDocument: '{not json' }, 'MalformedPolicyDocument', 400],
      [{ Action: 'CreatePolicy', PolicyName: 'big', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: `arn:aws:ecr:*:*:repository/${'r'.repeat(6200)}` } }) }, 'LimitExceeded', 409],
      [{ Action: 'CreateUser', UserName: 'a/b' }, 'ValidationError', 400],
      [{ Action: 'CreateUser' }, 'ValidationError', 400],
      [{ Action: 'AttachUserPolicy', UserName: 'held', PolicyArn: 'arn:aws:s3:::bucket-not-a-policy' }, 'InvalidInput', 400],
      [{ Action: 'ListUsers', MaxItems: '0' }, 'ValidationError', 400],
      [{ Action: 'CreateRole', RoleName: 'r' }, 'InvalidAction', 400],
      [{ Action: 'GetUser', Version: '2099-01-01' }, 'InvalidAction', 400],
    ];
    for (const [params, code, status] of expectations) {
      const answer = await call(params);
      assert.equal(xmlText(answer.body, 'Code'), code, JSON.stringify(params));
      assert.equal(answer.status, status, JSON.stringify(params));
      assert.equal(xmlText(answer.body, 'Type'), 'Sender');
    }
    assert.equal(xmlText((await call({ Action: 'CreateUser' })).body, 'Message'), "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
  });

  test('signatures: a wrong secret is SignatureDoesNotMatch 403, an unknown key InvalidClientTokenId 403, the wrong service refused; the CLI sees the same', async () => {
    const wrongSecret = { accessKeyId: berth.credentials.accessKeyId, secretAccessKey: newTestCredentials().secretAccessKey };
    const mismatch = await call({ Action: 'ListUsers' }, { credentials: wrongSecret });
    assert.equal(mismatch.status, 403);
    assert.equal(xmlText(mismatch.body, 'Code'), 'SignatureDoesNotMatch');
    const unknown = await call({ Action: 'ListUsers' }, { credentials: newTestCredentials() });
    assert.equal(unknown.status, 403);
    assert.equal(xmlText(unknown.body, 'Code'), 'InvalidClientTokenId');
    assert.equal(xmlText(unknown.body, 'Message'), 'The security token included in the request is invalid.');
    const stsSigned = await call({ Action: 'ListUsers' }, { service: 'sts' });
    assert.equal(xmlText(stsSigned.body, 'Code'), 'SignatureDoesNotMatch', 'IAM actions must be signed for iam');
    assert.match(xmlText(stsSigned.body, 'Message') ?? '', /Credential should be scoped to correct service: 'iam'/);
    const otherRegion = await call({ Action: 'ListUsers' }, { signingRegion: 'ap-south-1' });
    assert.equal(xmlText(otherRegion.body, 'Code'), 'SignatureDoesNotMatch', "neither Berth's region nor us-east-1");

    assert.equal(cliErrorType(await iam(berth, ['list-users'], wrongSecret)), 'SignatureDoesNotMatch');
    assert.equal(cliErrorType(await sts(berth, ['get-caller-identity'], wrongSecret)), 'SignatureDoesNotMatch');
    assert.equal(cliErrorType(await sts(berth, ['get-caller-identity'], newTestCredentials())), 'InvalidClientTokenId');
    const unsigned = await fetch(berth.url + '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=ListUsers&Version=${iamVersion}` });
    assert.equal(unsigned.status, 403);
    assert.equal(xmlText(await unsigned.text(), 'Code'), 'MissingAuthenticationToken');
  });

  test("GetCallerIdentity: the root's account and ARN, a user's unique id and ARN; signed for Berth's region or us-east-1", async () => {
    const root = await queryRequest(berth, { Action: 'GetCallerIdentity', Version: stsVersion }, { service: 'sts' });
    assert.equal(root.status, 200);
    assert.match(root.body, /<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>/);
    assert.deepEqual(ok(await sts(berth, ['get-caller-identity'])), { UserId: accountId, Account: accountId, Arn: `arn:aws:iam::${accountId}:root` });

    const user = ok(await iam(berth, ['create-user', '--user-name', 'frank', '--path', '/qa/', '--region', 'eu-west-1'])).User;
    const key = ok(await iam(berth, ['create-access-key', '--user-name', 'frank'])).AccessKey;
    const frank = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    for (const signingRegion of ['us-east-1', 'eu-west-1']) {
      assert.deepEqual(ok(await sts(berth, ['get-caller-identity', '--region', signingRegion], frank)), {
        UserId: user.UserId,
        Account: accountId,
        Arn: `arn:aws:iam::${accountId}:user/qa/frank`,
      });
    }
    assert.equal(cliErrorType(await sts(berth, ['get-caller-identity', '--region', 'ap-south-1'], frank)), 'SignatureDoesNotMatch', 'any other region is refused');
    const denied = await queryRequest(berth, { Action: 'ListUsers', Version: iamVersion }, { credentials: frank });
    assert.equal(denied.status, 403);
    assert.equal(xmlText(denied.body, 'Code'), 'AccessDenied');
  });

  test('the ECR JSON surface on POST / is undisturbed, and an ECR call signed with a new IAM key works', async () => {
    ok(await iam(berth, ['create-user', '--user-name', 'grace']));
    const key = ok(await iam(berth, ['create-access-key', '--user-name', 'grace'])).AccessKey;
    const grace = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    const describe = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeRepositories', Resource: '*' }] });
    ok(await iam(berth, ['put-user-policy', '--user-name', 'grace', '--policy-name', 'describe', '--policy-document', describe]));
    ok(await berth.aws(['create-repository', '--repository-name', 'team/app', '--region', 'eu-west-1']));
    const described = ok(await berth.aws(['describe-repositories', '--region', 'eu-west-1'], { credentials: grace }));
    assert.deepEqual(described.repositories.map((repository: { repositoryName: string }) => repository.repositoryName), ['team/app']);
    const unsignedJson = await fetch(berth.url + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories' },
      body: '{}',
    });
    assert.equal(((await unsignedJson.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException', 'JSON posts still reach the ECR router');
  });
});
