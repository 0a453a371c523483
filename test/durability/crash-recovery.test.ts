// Proves durability: the server is SIGKILLed in the middle of many pushes and restarted on the same
// data. Every image whose manifest PUT was acknowledged must pull back byte for byte, and every upload
// that was in flight must be either resumable (and then complete correctly) or cleanly gone.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startBerth, type BerthProcess } from '../support/berth-process.js';

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

interface PushedImage {
  repository: string;
  tag: string;
  manifestDigest: string;
  blobs: string[];
}

async function pushBlob(url: string, repository: string, bytes: Buffer, chunkBytes: number): Promise<string> {
  const digest = sha256(bytes);
  const started = await fetch(`${url}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  assert.equal(started.status, 202);
  let location = new URL(started.headers.get('location')!, url).toString();
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const chunk = bytes.subarray(offset, offset + chunkBytes);
    const patched = await fetch(location, {
      method: 'PATCH',
      body: chunk,
      headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${offset + chunk.length - 1}` },
    });
    assert.equal(patched.status, 202);
    location = new URL(patched.headers.get('location')!, url).toString();
  }
  const completed = await fetch(`${location}${location.includes('?') ? '&' : '?'}digest=${digest}`, { method: 'PUT' });
  assert.equal(completed.status, 201);
  return digest;
}

async function pushImage(url: string, repository: string, tag: string): Promise<PushedImage> {
  const layer = randomBytes(256 * 1024 + Math.floor(Math.random() * 1024 * 1024));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
  const layerDigest = await pushBlob(url, repository, layer, 128 * 1024);
  const configDigest = await pushBlob(url, repository, config, config.length);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
    }),
  );
  const put = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  assert.equal(put.status, 201);
  return { repository, tag, manifestDigest: sha256(manifest), blobs: [layerDigest, configDigest] };
}

let dataDir: string;
let server: BerthProcess | undefined;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'berth-crash-'));
});

after(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('acknowledged pushes survive SIGKILL; in-flight uploads are resumable or gone', async () => {
  server = await startBerth({ dataDir });
  const url = server.url;
  const acknowledged: PushedImage[] = [];
  const workers = Array.from({ length: 4 }, async (_, worker) => {
    for (let round = 0; ; round++) {
      try {
        acknowledged.push(await pushImage(url, `crash/w${worker}`, `r${round}`));
      } catch {
        return; // the server died under this push: it was never acknowledged
      }
    }
  });
  // An upload session with some bytes in it, left open when the server dies.
  const openSession = await fetch(`${url}/v2/crash/open/blobs/uploads/`, { method: 'POST' });
  const openLocation = new URL(openSession.headers.get('location')!, url).pathname;
  const openBytes = randomBytes(300_000);
  await fetch(`${url}${openLocation}`, { method: 'PATCH', body: openBytes.subarray(0, 100_000), headers: { 'content-range': '0-99999' } });

  while (acknowledged.length < 12) await new Promise((resolve) => setTimeout(resolve, 20));
  await server.kill();
  await Promise.all(workers);
  assert.ok(acknowledged.length >= 12, `pushed ${acknowledged.length} images before the kill`);

  server = await startBerth({ dataDir });
  const restarted = server.url;
  for (const image of acknowledged) {
    const manifest = await fetch(`${restarted}/v2/${image.repository}/manifests/${image.tag}`, {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    assert.equal(manifest.status, 200, `${image.repository}:${image.tag} is pullable after the crash`);
    assert.equal(sha256(Buffer.from(await manifest.arrayBuffer())), image.manifestDigest);
    for (const blob of image.blobs) {
      const response = await fetch(`${restarted}/v2/${image.repository}/blobs/${blob}`);
      assert.equal(response.status, 200);
      assert.equal(sha256(Buffer.from(await response.arrayBuffer())), blob, `blob ${blob} is intact`);
    }
  }

  // The open upload is still there at the size it had, and completes.
  const status = await fetch(`${restarted}${openLocation}`);
  assert.equal(status.status, 204);
  assert.equal(status.headers.get('range'), '0-99999');
  const rest = await fetch(`${restarted}${openLocation}`, {
    method: 'PATCH',
    body: openBytes.subarray(100_000),
    headers: { 'content-range': `100000-${openBytes.length - 1}` },
  });
  assert.equal(rest.status, 202);
  const done = await fetch(`${restarted}${openLocation}?digest=${sha256(openBytes)}`, { method: 'PUT' });
  assert.equal(done.status, 201);
  const pulled = await fetch(`${restarted}/v2/crash/open/blobs/${sha256(openBytes)}`);
  assert.ok(Buffer.from(await pulled.arrayBuffer()).equals(openBytes));
});
