// Proves the verifier accepts what the AWS signers produce and rejects every tampering with the
// exact `__type`, status and message AWS sends.

import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';

import { AWS_JSON_AUTH_ERRORS, SigV4Error, type SigV4ErrorCode } from './sigv4-error.js';
import { SIGNED_AT, TEST_KEY, signedEcrRequest, withHeaders } from './testing/signed-request.js';
import { verifySigV4Request, type SigV4Request, type SigningSecret, type VerifyOptions } from './verify-request.js';

interface TestPrincipal extends SigningSecret {
  accountId: string;
}

const keys = new Map<string, TestPrincipal>([
  [TEST_KEY.accessKeyId, { secretAccessKey: TEST_KEY.secretAccessKey, accountId: '123456789012' }],
  ['ASIATEMPORARY', { secretAccessKey: 'temporary-secret', sessionToken: 'token-1', expiresAt: new Date('2024-05-01T13:00:00Z'), accountId: '123456789012' }],
]);

const options: VerifyOptions<TestPrincipal> = {
  services: ['ecr'],
  regions: ['us-east-1'],
  lookupSecret: async (id) => keys.get(id),
};

async function rejects(request: SigV4Request, code: SigV4ErrorCode, message: string | RegExp, opts = options) {
  await assert.rejects(verifySigV4Request(request, opts), (error: unknown) => {
    assert.ok(error instanceof SigV4Error, `expected SigV4Error, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.awsType, AWS_JSON_AUTH_ERRORS[code].awsType);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.ok(!error.message.includes(TEST_KEY.secretAccessKey), 'secret must never appear in a message');
    return true;
  });
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function replaceInAuthorization(request: SigV4Request, from: string | RegExp, to: string): SigV4Request {
  return withHeaders(request, { authorization: String(request.headers['authorization']).replace(from, to) });
}

describe('verifySigV4Request: accepted signatures', () => {
  it('accepts a request signed by @smithy/signature-v4 and returns the principal without its secret', async () => {
    const verified = await verifySigV4Request(await signedEcrRequest(), options);
    assert.equal(verified.accessKeyId, 'AKIDEXAMPLE');
    assert.deepEqual(verified.scope, { date: '20240501', region: 'us-east-1', service: 'ecr' });
    assert.equal(verified.via, 'authorization-header');
    assert.deepEqual(verified.principal, { accountId: '123456789012' });
    assert.ok(!('secretAccessKey' in verified.principal));
  });

  it('verifies against the request’s own SignedHeaders (an unsigned header may change)', async () => {
    const request = await signedEcrRequest({ headers: { 'user-agent': 'aws-cli/1.0' } });
    assert.ok(!String(request.headers['authorization']).includes('user-agent'));
    await verifySigV4Request(withHeaders(request, { 'user-agent': 'something else' }), options);
  });

  it('keeps headers smithy would never sign itself when the client did sign them', async () => {
    // A client that signs user-agent (old SDKs did): rebuild the signature by hand over it.
    const request = handSigned({ signUserAgent: true });
    await verifySigV4Request(request, { ...options, services: ['service'] });
  });

  it('accepts the AWS SigV4 test suite vector get-vanilla', async () => {
    const request: SigV4Request = {
      method: 'GET',
      path: '/',
      headers: {
        host: 'example.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
          'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      },
      body: undefined,
      now: new Date('2015-08-30T12:36:00Z'),
    };
    await verifySigV4Request(request, { ...options, services: ['service'] });
  });

  it('accepts the test-suite vector get-vanilla-query-order-key-case (sorted query)', async () => {
    const request: SigV4Request = {
      method: 'GET',
      path: '/?Param2=value2&Param1=value1',
      headers: {
        host: 'example.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
          'SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
      },
      body: undefined,
      now: new Date('2015-08-30T12:36:00Z'),
    };
    await verifySigV4Request(request, { ...options, services: ['service'] });
  });

  it('accepts a Date header instead of X-Amz-Date', async () => {
    await verifySigV4Request(handSigned({ useDateHeader: true }), { ...options, services: ['service'] });
  });

  it('accepts a query string and an encoded path, canonicalized like the SDKs', async () => {
    const request = await signedEcrRequest({ path: '/a b/c%d', query: { z: 'last value', a: 'x*y~' } });
    await verifySigV4Request(request, options);
  });

  it('joins repeated header values with commas', async () => {
    const request = handSigned({ repeatedHeader: ['a', ' b  c '] });
    await verifySigV4Request(request, { ...options, services: ['service'] });
  });

  it('accepts any region when none is configured, and several services', async () => {
    const request = await signedEcrRequest({ region: 'eu-west-3', service: 'ecr-public' });
    const verified = await verifySigV4Request(request, { ...options, regions: undefined, services: ['ecr', 'ecr-public'] });
    assert.equal(verified.scope.region, 'eu-west-3');
  });

  it('accepts exactly 15 minutes of skew in either direction', async () => {
    const request = await signedEcrRequest();
    await verifySigV4Request({ ...request, now: new Date(SIGNED_AT.getTime() + 15 * 60_000) }, options);
    await verifySigV4Request({ ...request, now: new Date(SIGNED_AT.getTime() - 15 * 60_000) }, options);
  });

  it('accepts a matching x-amz-content-sha256', async () => {
    const body = '{"repositoryNames":["web"]}';
    const hash = createHash('sha256').update(body).digest('hex');
    await verifySigV4Request(await signedEcrRequest({ body, headers: { 'x-amz-content-sha256': hash } }), options);
  });

  it('accepts temporary credentials carrying their session token', async () => {
    const request = await signedEcrRequest({
      credentials: { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temporary-secret', sessionToken: 'token-1' },
    });
    const verified = await verifySigV4Request(request, options);
    assert.equal(verified.principal.sessionToken, 'token-1');
  });
});

describe('verifySigV4Request: rejected requests', () => {
  it('no Authorization header: MissingAuthenticationTokenException', async () => {
    const request = withHeaders(await signedEcrRequest(), { authorization: undefined });
    await rejects(request, 'missing-authentication-token', 'Missing Authentication Token');
    assert.equal(AWS_JSON_AUTH_ERRORS['missing-authentication-token'].httpStatus, 400);
  });

  it('a non-SigV4 Authorization header counts as no token', async () => {
    const request = withHeaders(await signedEcrRequest(), { authorization: 'Basic QVdTOnNlY3JldA==' });
    await rejects(request, 'missing-authentication-token', 'Missing Authentication Token');
  });

  it('unknown access key: UnrecognizedClientException', async () => {
    const request = await signedEcrRequest({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } });
    await rejects(request, 'unrecognized-client', 'The security token included in the request is invalid.');
  });

  it('wrong secret: InvalidSignatureException', async () => {
    const request = await signedEcrRequest({ credentials: { ...TEST_KEY, secretAccessKey: 'not-the-secret' } });
    await rejects(request, 'signature-mismatch', MISMATCH);
    assert.equal(AWS_JSON_AUTH_ERRORS['signature-mismatch'].httpStatus, 400);
  });

  it('tampered body', async () => {
    const request = await signedEcrRequest();
    await rejects({ ...request, body: Buffer.from('{"repositoryNames":["other"]}') }, 'signature-mismatch', MISMATCH);
  });

  it('tampered signed header', async () => {
    const request = await signedEcrRequest();
    const tampered = withHeaders(request, { 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DeleteRepository' });
    await rejects(tampered, 'signature-mismatch', MISMATCH);
  });

  it('tampered method, path and query', async () => {
    const request = await signedEcrRequest({ query: { a: '1' } });
    await rejects({ ...request, method: 'PUT' }, 'signature-mismatch', MISMATCH);
    await rejects({ ...request, path: '/other?a=1' }, 'signature-mismatch', MISMATCH);
    await rejects({ ...request, path: '/?a=2' }, 'signature-mismatch', MISMATCH);
  });

  it('a signed header that is missing from the request', async () => {
    const request = withHeaders(await signedEcrRequest(), { 'content-type': undefined });
    await rejects(request, 'signature-mismatch', MISMATCH);
  });

  it('x-amz-content-sha256 that does not match the body', async () => {
    const wrong = createHash('sha256').update('something else').digest('hex');
    await rejects(await signedEcrRequest({ headers: { 'x-amz-content-sha256': wrong } }), 'signature-mismatch', MISMATCH);
    const unsigned = await signedEcrRequest({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await rejects(unsigned, 'signature-mismatch', MISMATCH);
    await verifySigV4Request(unsigned, { ...options, allowUnsignedPayload: true });
  });

  it('signature expired (16 minutes old)', async () => {
    const request = await signedEcrRequest();
    await rejects(
      { ...request, now: new Date(SIGNED_AT.getTime() + 16 * 60_000) },
      'signature-expired',
      'Signature expired: 20240501T120000Z is now earlier than 20240501T120100Z (20240501T121600Z - 15 min.)',
    );
  });

  it('signature not yet current (16 minutes ahead)', async () => {
    const request = await signedEcrRequest();
    await rejects(
      { ...request, now: new Date(SIGNED_AT.getTime() - 16 * 60_000) },
      'signature-expired',
      'Signature not yet current: 20240501T120000Z is still later than 20240501T115900Z (20240501T114400Z + 15 min.)',
    );
  });

  it('Authorization header without Credential, SignedHeaders or Signature', async () => {
    const request = withHeaders(await signedEcrRequest(), { authorization: 'AWS4-HMAC-SHA256 Foo=Bar, Baz=Burp' });
    await rejects(
      request,
      'incomplete-signature',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
    );
  });

  it('only the missing parameters are listed, plus a missing date header', async () => {
    const request = withHeaders(await signedEcrRequest(), { 'x-amz-date': undefined });
    const auth = String(request.headers['authorization']).replace(/, Signature=[0-9a-f]+/, '');
    await rejects(
      withHeaders(request, { authorization: auth }),
      'incomplete-signature',
      "Authorization header requires 'Signature' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    );
  });

  it('a parameter that is not key=value', async () => {
    const request = withHeaders(await signedEcrRequest(), { authorization: 'AWS4-HMAC-SHA256 FooBar, BazBurp' });
    await rejects(
      request,
      'incomplete-signature',
      "'FooBar' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 FooBar, BazBurp'",
    );
  });

  it('an unsupported algorithm', async () => {
    const request = replaceInAuthorization(await signedEcrRequest(), 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512');
    await rejects(request, 'incomplete-signature', "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.");
  });

  it('host not among the signed headers', async () => {
    const request = replaceInAuthorization(await signedEcrRequest(), 'host;', '');
    await rejects(request, 'signature-mismatch', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('a header the endpoint requires signed is not signed', async () => {
    const request = replaceInAuthorization(await signedEcrRequest(), ';x-amz-target', '');
    await rejects(request, 'signature-mismatch', "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.", {
      ...options,
      requiredSignedHeaders: ['X-Amz-Target'],
    });
  });

  it('X-Amz-Date not in basic format', async () => {
    const request = withHeaders(await signedEcrRequest(), { 'x-amz-date': '2024-05-01T12:00:00Z' });
    await rejects(
      request,
      'incomplete-signature',
      "Date must be in ISO-8601 'basic format'. Got '2024-05-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  it('a credential without five elements', async () => {
    const request = replaceInAuthorization(await signedEcrRequest(), /Credential=[^,]+/, 'Credential=AKIDEXAMPLE/20240501/us-east-1');
    await rejects(
      request,
      'incomplete-signature',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20240501/us-east-1'",
    );
  });

  it('a credential scoped to another region, service, terminator and day, all reported at once', async () => {
    const request = replaceInAuthorization(
      await signedEcrRequest(),
      /Credential=[^,]+/,
      'Credential=AKIDEXAMPLE/20240502/eu-west-1/s3/aws5_request',
    );
    await rejects(
      request,
      'signature-mismatch',
      "Credential should be scoped to a valid region, not 'eu-west-1'. " +
        "Credential should be scoped to correct service: 'ecr'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240502' != '20240501', from '20240501T120000Z'.",
    );
  });

  it('both a presigned query string and an Authorization header', async () => {
    const request = await signedEcrRequest();
    await rejects(
      { ...request, path: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256' },
      'signature-mismatch',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  });

  it('a malformed percent escape in the query', async () => {
    const request = await signedEcrRequest();
    await rejects({ ...request, path: '/?a=%zz' }, 'malformed-query-string', 'Illegal hex character in escape % pattern: %zz');
  });

  it('temporary credentials: token missing, wrong, or expired', async () => {
    const temporary = { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temporary-secret' };
    await rejects(await signedEcrRequest({ credentials: temporary }), 'unrecognized-client', 'The security token included in the request is invalid.');
    await rejects(
      await signedEcrRequest({ credentials: { ...temporary, sessionToken: 'token-2' } }),
      'unrecognized-client',
      'The security token included in the request is invalid.',
    );
    const late = new Date('2024-05-01T13:00:00Z');
    await rejects(
      await signedEcrRequest({ credentials: { ...temporary, sessionToken: 'token-1' }, signedAt: late }),
      'expired-token',
      'The security token included in the request is expired',
    );
  });

  it('a token presented for a long-term key', async () => {
    const request = await signedEcrRequest({ credentials: { ...TEST_KEY, sessionToken: 'stray' } });
    await rejects(request, 'unrecognized-client', 'The security token included in the request is invalid.');
  });
});

/**
 * An independent, minimal SigV4 signer (straight from the AWS spec, no smithy) for the header
 * sets smithy's own signer cannot produce: a Date header, a signed user-agent, repeated headers.
 */
function handSigned(opts: { useDateHeader?: boolean; signUserAgent?: boolean; repeatedHeader?: string[] }): SigV4Request {
  const amzDate = '20150830T123600Z';
  const headers: Record<string, string | string[]> = { host: 'example.amazonaws.com' };
  if (opts.useDateHeader) headers['date'] = 'Sun, 30 Aug 2015 12:36:00 GMT';
  else headers['x-amz-date'] = amzDate;
  if (opts.signUserAgent) headers['user-agent'] = '  old-sdk/1.0   (linux) ';
  if (opts.repeatedHeader) headers['x-amz-meta-list'] = opts.repeatedHeader;

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names
    .map((name) => {
      const value = headers[name]!;
      const joined = Array.isArray(value) ? value.map((v) => v.trim()).join(',') : value;
      return `${name}:${joined.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = ['GET', '/', '', canonicalHeaders, names.join(';'), sha256('')].join('\n');
  const scope = '20150830/us-east-1/service/aws4_request';
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = Buffer.from(`AWS4${TEST_KEY.secretAccessKey}`);
  for (const part of ['20150830', 'us-east-1', 'service', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers['authorization'] =
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { method: 'GET', path: '/', headers, body: undefined, now: new Date('2015-08-30T12:40:00Z') };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
