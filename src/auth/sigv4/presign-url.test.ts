// Proves a URL from presignUrl verifies until it expires, and that changing any part of it fails.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { presignUrl } from './presign-url.js';
import { SigV4Error, type SigV4ErrorCode } from './sigv4-error.js';
import { verifyPresignedRequest, verifySigV4Request, type SigV4Request, type VerifyOptions } from './verify-request.js';

const KEY = { accessKeyId: 'AKIABERTHDOWNLOADS01', secretAccessKey: 'download-signing-secret' };
const NOW = new Date('2024-05-01T12:00:00Z');
const options: VerifyOptions<{ secretAccessKey: string; purpose: string }> = {
  services: ['ecr'],
  regions: ['us-east-1'],
  lookupSecret: async (id) => (id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey, purpose: 'layer-download' } : undefined),
};

async function presigned(url = 'https://registry.example:8443/layers/web/sha256:abc123?part=1', expiresInSeconds = 3600) {
  return presignUrl({ url, credentials: KEY, region: 'us-east-1', service: 'ecr', expiresInSeconds, now: NOW });
}

/** The request a client makes when it follows the URL. */
function follow(url: string, now: Date, method = 'GET'): SigV4Request {
  const parsed = new URL(url);
  return { method, path: `${parsed.pathname}${parsed.search}`, headers: { host: parsed.host }, body: undefined, now };
}

async function rejects(request: SigV4Request, code: SigV4ErrorCode, message?: string) {
  await assert.rejects(verifyPresignedRequest(request, options), (error: unknown) => {
    assert.ok(error instanceof SigV4Error, String(error));
    assert.equal(error.code, code);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

describe('presignUrl + verifyPresignedRequest', () => {
  it('produces an S3-style presigned URL that keeps the original path and query', async () => {
    const url = new URL(await presigned());
    assert.equal(url.pathname, '/layers/web/sha256:abc123');
    assert.equal(url.searchParams.get('part'), '1');
    assert.equal(url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.equal(url.searchParams.get('X-Amz-Credential'), `${KEY.accessKeyId}/20240501/us-east-1/ecr/aws4_request`);
    assert.equal(url.searchParams.get('X-Amz-Date'), '20240501T120000Z');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '3600');
    assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host');
    assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!url.href.includes(KEY.secretAccessKey));
  });

  it('verifies until the last second of its lifetime', async () => {
    const url = await presigned();
    const verified = await verifyPresignedRequest(follow(url, NOW), options);
    assert.equal(verified.via, 'presigned-url');
    assert.deepEqual(verified.principal, { purpose: 'layer-download' });
    await verifyPresignedRequest(follow(url, new Date(NOW.getTime() + 3600_000)), options);
    // The general verifier accepts the presigned style too.
    await verifySigV4Request(follow(url, NOW), options);
  });

  it('is refused once expired', async () => {
    const url = await presigned();
    await rejects(follow(url, new Date(NOW.getTime() + 3601_000)), 'presigned-url-expired', 'Request has expired');
  });

  it('is refused when dated more than 15 minutes in the future', async () => {
    const url = await presigned();
    await rejects(
      follow(url, new Date(NOW.getTime() - 16 * 60_000)),
      'signature-expired',
      'Signature not yet current: 20240501T120000Z is still later than 20240501T115900Z (20240501T114400Z + 15 min.)',
    );
  });

  it('is refused for another host, path, query value, method or a forged expiry', async () => {
    const url = await presigned();
    const good = follow(url, NOW);
    await rejects({ ...good, headers: { host: 'evil.example' } }, 'signature-mismatch');
    await rejects({ ...good, path: good.path.replace('abc123', 'abc124') }, 'signature-mismatch');
    await rejects({ ...good, path: good.path.replace('part=1', 'part=2') }, 'signature-mismatch');
    await rejects({ ...good, path: good.path.replace('X-Amz-Expires=3600', 'X-Amz-Expires=7200') }, 'signature-mismatch');
    await rejects({ ...good, method: 'DELETE' }, 'signature-mismatch');
  });

  it('reports every missing query parameter at once', async () => {
    await rejects(
      follow('https://registry.example/layers/x?X-Amz-Algorithm=AWS4-HMAC-SHA256', NOW),
      'incomplete-signature',
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
        "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.",
    );
  });

  it('refuses a plain request with no presigned parameters', async () => {
    await rejects(follow('https://registry.example/layers/x', NOW), 'missing-authentication-token', 'Missing Authentication Token');
  });

  it('refuses an expiry longer than a week', async () => {
    const url = (await presigned()).replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801');
    await rejects(follow(url, NOW), 'incomplete-signature', 'X-Amz-Expires must be less than a week (in seconds) that is; 604800');
    await assert.rejects(presigned(undefined, 604801), RangeError);
  });

  it('handles characters that need escaping in path and query', async () => {
    const url = await presigned('https://registry.example/layers/team%2Fapp/sha256:abc?name=a%20b%2Bc&flag');
    await verifyPresignedRequest(follow(url, NOW), options);
  });
});
