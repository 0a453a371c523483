import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, parseListen } from './berth-config.js';

test('defaults, then file, then environment, then flags', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-config-'));
  try {
    const file = join(dir, 'berth.json');
    await writeFile(file, JSON.stringify({ listen: '0.0.0.0:6000', dataDir: '/file', rateLimit: { burst: 5 } }));
    assert.equal(loadConfig({ env: {}, flags: {} }).listen, '127.0.0.1:5000');
    const config = loadConfig({ configFile: file, env: { BERTH_DATA_DIR: '/env', BERTH_RATE_LIMIT_RPS: '3' }, flags: { listen: '127.0.0.1:7000' } });
    assert.equal(config.listen, '127.0.0.1:7000');
    assert.equal(config.dataDir, '/env');
    assert.deepEqual(config.rateLimit, { requestsPerSecond: 3, burst: 5 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('invalid settings are reported by name', () => {
  assert.throws(() => loadConfig({ env: { BERTH_LISTEN: 'nonsense' }, flags: {} }), /listen: listen must be HOST:PORT/);
  assert.throws(() => loadConfig({ env: { BERTH_LOG_LEVEL: 'loud' }, flags: {} }), /logLevel/);
});

test('listen addresses split into host and port, IPv6 included', () => {
  assert.deepEqual(parseListen('127.0.0.1:5000'), { host: '127.0.0.1', port: 5000 });
  assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
});

test('ECR Public: pull limits default to ECR’s (1 anonymous, 10 authenticated a second); host and limits from the environment', () => {
  assert.deepEqual(loadConfig({ env: {}, flags: {} }).ecrPublic, { pullsPerSecond: { anonymous: 1, authenticated: 10 } });
  const config = loadConfig({ env: { BERTH_PUBLIC_REGISTRY_HOST: 'localhost', BERTH_PUBLIC_PULLS_PER_SECOND_ANONYMOUS: '0.5' }, flags: {} });
  assert.deepEqual(config.ecrPublic, { registryHost: 'localhost', pullsPerSecond: { anonymous: 0.5, authenticated: 10 } });
  assert.throws(() => loadConfig({ env: { BERTH_PUBLIC_REGISTRY_HOST: 'http://x/' }, flags: {} }), /ecrPublic\.registryHost/);
  assert.throws(() => loadConfig({ env: { BERTH_PUBLIC_PULLS_PER_SECOND_AUTHENTICATED: '-1' }, flags: {} }), /ecrPublic\.pullsPerSecond\.authenticated/);
});
