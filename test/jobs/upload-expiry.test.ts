// Expired uploads disappear from a running Berth: the app as `berth serve` builds it (embedded SQLite
// and filesystem in a temporary data directory), with upload expiry set through its environment
// variables to a fraction of a second. An upload is started, left alone, and its bytes and session go.
import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createBerth } from '../../src/app.js';
import { loadConfig } from '../../src/config/berth-config.js';

const exists = (path: string) => access(path).then(() => true, () => false);

test('an upload session left idle past BERTH_UPLOAD_MAX_IDLE_MS loses its file and its session', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'berth-upload-expiry-app-'));
  const config = loadConfig({
    env: { BERTH_AUTH: 'none', BERTH_LOG_LEVEL: 'silent', BERTH_UPLOAD_MAX_IDLE_MS: '400', BERTH_UPLOAD_EXPIRY_CHECK_MS: '100' },
    flags: { dataDir, listen: '127.0.0.1:0' },
  });
  assert.deepEqual(config.uploadExpiry, { maxIdleMs: 400, checkEveryMs: 100 });
  const berth = await createBerth(config);
  try {
    const started = await berth.server.inject({ method: 'POST', url: '/v2/app/blobs/uploads/' });
    assert.equal(started.statusCode, 202);
    const location = String(started.headers.location);
    const uploadId = location.split('/').pop()!;
    const chunk = await berth.server.inject({ method: 'PATCH', url: location, headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from('half a layer') });
    assert.equal(chunk.statusCode, 202);
    const file = join(dataDir, 'uploads', uploadId);
    assert.ok(await exists(file), 'the upload has a file while in progress');

    const deadline = Date.now() + 10_000;
    while ((await exists(file)) && Date.now() < deadline) await delay(50);
    assert.equal(await exists(file), false, 'the expired upload file was removed');
    assert.equal((await berth.server.inject({ method: 'GET', url: location })).statusCode, 404, 'the session is gone too');
  } finally {
    await berth.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
