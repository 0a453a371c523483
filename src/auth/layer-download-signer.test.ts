// Proves a download URL works for exactly its lifetime, only as issued, and only with the key that
// signed it (so another master key, or a URL from elsewhere, is refused).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { LayerDownloadSigner } from './layer-download-signer.js';
import { isSigV4Error, type SigV4ErrorCode } from './sigv4/index.js';

const start = Date.parse('2024-05-01T12:00:00Z');

function follow(url: string, method = 'GET') {
  const parsed = new URL(url);
  return { method, path: `${parsed.pathname}${parsed.search}`, headers: { host: parsed.host } };
}

async function refused(signer: LayerDownloadSigner, request: ReturnType<typeof follow>, code: SigV4ErrorCode) {
  await assert.rejects(signer.verify(request), (error: unknown) => isSigV4Error(error, code));
}

describe('LayerDownloadSigner', () => {
  const key = randomBytes(32);
  let now = start;
  const signer = new LayerDownloadSigner(key, { region: 'eu-west-1', now: () => now });
  const location = new URL('http://registry.example:5000/ecr-layers/123456789012/team/app/sha256:' + 'a'.repeat(64));

  it('issues S3-style URLs valid for one hour, then refuses them as expired', async () => {
    now = start;
    const url = await signer.presign(location);
    const query = new URL(url).searchParams;
    assert.equal(query.get('X-Amz-Expires'), '3600');
    assert.match(query.get('X-Amz-Credential')!, /^AKIA[A-Z2-7]{16}\/20240501\/eu-west-1\/s3\/aws4_request$/);
    await signer.verify(follow(url));
    now = start + 3600_000;
    await signer.verify(follow(url));
    now = start + 3601_000;
    await refused(signer, follow(url), 'presigned-url-expired');
  });

  it('refuses another path, method or host, and URLs signed with another key', async () => {
    now = start;
    const url = await signer.presign(location);
    await refused(signer, { ...follow(url), path: follow(url).path.replace('team/app', 'team/other') }, 'signature-mismatch');
    await refused(signer, follow(url, 'HEAD'), 'signature-mismatch');
    await refused(signer, { ...follow(url), headers: { host: 'elsewhere.example' } }, 'signature-mismatch');
    const other = new LayerDownloadSigner(randomBytes(32), { region: 'eu-west-1', now: () => now });
    await refused(signer, follow(await other.presign(location)), 'unrecognized-client');
  });
});
