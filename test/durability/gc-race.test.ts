// Garbage collection racing pushes (issue 6): many concurrent pushes that share layers and delete
// images while two collectors run in a loop with a zero grace period, the server's scheduled one and
// `berth gc` processes beside it. With no grace, a collector may take a blob between its upload and the
// manifest that references it: that push fails (MANIFEST_BLOB_UNKNOWN, or 503 UNAVAILABLE when the
// collection overlapped the upload) and is retried, as clients do. What must never happen: an
// acknowledged image that does not pull back byte for byte. Afterwards one more collection leaves no
// unreferenced blob in the store. Runs on the embedded store and, with BERTH_TEST_BACKEND=scale-out,
// on PostgreSQL + S3.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config/berth-config.js';
import { parseDigest } from '../../src/domain/digest.js';
import { openStores } from '../../src/open-stores.js';
import { berthBin, startBerth, type BerthProcess } from '../support/berth-process.js';

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const pushers = 4;
const pushesPerPusher = 6;
/**
 * With no grace a collection may take a push's blobs before its manifest refers to them: the push
 * fails and clients retry, as we do. Safety is the point here, not progress: an image that loses every
 * attempt is simply not acknowledged (enough are, see the assertion on the count).
 */
const maxAttempts = 10;
/** Layers every image shares a few of, so that pushes keep reusing blobs collectors look at. */
const sharedLayers = Array.from({ length: 4 }, () => randomBytes(8 * 1024));

interface Image {
  repository: string;
  tag: string;
  manifest: Buffer;
  blobs: Map<string, Buffer>;
}

let berth: BerthProcess;
before(async () => {
  berth = await startBerth({ env: { BERTH_GC_EVERY_MS: '1000', BERTH_GC_GRACE_MS: '0' } });
});
after(() => berth?.stop());

async function uploadBlob(repository: string, bytes: Buffer): Promise<boolean> {
  const digest = sha256(bytes);
  // As clients do: skip what the registry says it has. The collector may take it right after.
  const head = await fetch(`${berth.url}/v2/${repository}/blobs/${digest}`, { method: 'HEAD' });
  if (head.status === 200) return true;
  const reply = await fetch(`${berth.url}/v2/${repository}/blobs/uploads/?digest=${digest}`, {
    method: 'POST',
    body: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
  await reply.arrayBuffer();
  if (reply.status === 201) return true;
  assert.equal(reply.status, 503, `a blob upload fails only when a collection overlapped it, not with ${reply.status}`);
  return false;
}

/** One push attempt: blobs, then the manifest. True when the registry acknowledged the manifest. */
async function tryPush(image: Image): Promise<boolean> {
  // Layers in parallel, as docker and containerd push them.
  const uploaded = await Promise.all([...image.blobs.values()].map((bytes) => uploadBlob(image.repository, bytes)));
  if (uploaded.includes(false)) return false;
  const reply = await fetch(`${berth.url}/v2/${image.repository}/manifests/${image.tag}`, {
    method: 'PUT',
    body: image.manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  const body = await reply.text();
  if (reply.status === 201) return true;
  assert.equal(reply.status, 400, body);
  assert.match(body, /MANIFEST_BLOB_UNKNOWN/);
  return false;
}

function newImage(pusher: number, n: number): Image {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', nonce: randomBytes(8).toString('hex') }));
  const layers = [sharedLayers[n % sharedLayers.length]!, sharedLayers[(n + pusher) % sharedLayers.length]!, randomBytes(4096)];
  const unique = [...new Map(layers.map((layer) => [sha256(layer), layer])).values()];
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: unique.map((layer) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length })),
    }),
  );
  const blobs = new Map([config, ...unique].map((bytes) => [sha256(bytes), bytes]));
  return { repository: `race/p${pusher % 3}`, tag: `p${pusher}-n${n}`, manifest, blobs };
}

/** `berth gc --grace 0` in a loop beside the server's own collector, until told to stop. */
function collectInALoop(signal: AbortSignal): Promise<number> {
  return (async () => {
    let runs = 0;
    while (!signal.aborted) {
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [berthBin, 'gc', '--grace', '0', '--data', berth.dataDir], {
          env: { ...process.env, ...berth.storeEnv },
          stdio: 'ignore',
        });
        child.once('exit', resolve);
      });
      assert.equal(code, 0, 'berth gc failed');
      runs++;
    }
    return runs;
  })();
}

test('concurrent pushes that reuse layers, deletes and collections in a loop: every acknowledged image pulls back byte for byte', async () => {
  const stop = new AbortController();
  const cliRuns = collectInALoop(stop.signal);
  const kept: Image[] = [];
  const deleted: Image[] = [];
  let retries = 0;
  let abandoned = 0;
  try {
    await Promise.all(
      Array.from({ length: pushers }, async (_, pusher) => {
        for (let n = 0; n < pushesPerPusher; n++) {
          const image = newImage(pusher, n);
          let acknowledged = false;
          for (let attempt = 1; attempt <= maxAttempts && !acknowledged; attempt++) {
            acknowledged = await tryPush(image);
            if (!acknowledged) retries++;
          }
          if (!acknowledged) {
            abandoned++;
            continue;
          }
          // Every third image is deleted again: its unique blobs become garbage while pushes go on.
          if (n % 3 === 2) {
            const reply = await fetch(`${berth.url}/v2/${image.repository}/manifests/${sha256(image.manifest)}`, { method: 'DELETE' });
            assert.equal(reply.status, 202);
            deleted.push(image);
          } else {
            kept.push(image);
          }
        }
      }),
    );
  } finally {
    stop.abort();
  }
  const runs = await cliRuns;
  assert.ok(runs >= 1, 'berth gc ran beside the pushes');
  process.stderr.write(`# ${kept.length} images kept, ${deleted.length} deleted, ${abandoned} abandoned, ${retries} push retries, ${runs} berth gc runs\n`);
  assert.ok(kept.length >= (pushers * pushesPerPusher) / 3, 'most pushes get through despite the collections');

  for (const image of kept) {
    const manifest = await fetch(`${berth.url}/v2/${image.repository}/manifests/${image.tag}`, {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    assert.equal(manifest.status, 200, `${image.repository}:${image.tag}`);
    assert.ok(Buffer.from(await manifest.arrayBuffer()).equals(image.manifest));
    for (const [digest, bytes] of image.blobs) {
      const blob = await fetch(`${berth.url}/v2/${image.repository}/blobs/${digest}`);
      assert.equal(blob.status, 200, `${image.repository}:${image.tag} lost ${digest}`);
      assert.ok(Buffer.from(await blob.arrayBuffer()).equals(bytes), `${digest} pulls back byte for byte`);
    }
  }

  // One last collection with no grace: what no kept image references is gone, bytes and all.
  const final = await runGc(['--grace', '0', '--json']);
  assert.equal(final.failed, 0);
  const dryRun = await runGc(['--grace', '0', '--dry-run', '--json']);
  assert.equal(dryRun.candidates, 0, 'nothing collectable is left');

  const referenced = new Set(kept.flatMap((image) => [...image.blobs.keys()]));
  const garbage = new Set(deleted.flatMap((image) => [...image.blobs.keys()]).filter((digest) => !referenced.has(digest)));
  assert.ok(garbage.size > 0);
  // The S3 client of the scale-out backend reads its key from the environment, as the server's does.
  Object.assign(process.env, berth.storeEnv);
  const stores = await openStores(loadConfig({ env: process.env, flags: { dataDir: berth.dataDir } }));
  try {
    for (const digest of garbage) assert.equal(await stores.blobs.stat(parseDigest(digest)), undefined, `${digest} is still stored`);
    for (const digest of referenced) assert.ok(await stores.blobs.stat(parseDigest(digest)), `${digest} is stored`);
  } finally {
    await stores.close();
  }
  assert.equal(dryRun.remaining.blobs, referenced.size, 'the store holds exactly the referenced blobs');
});

async function runGc(args: string[]): Promise<{ candidates: number; failed: number; remaining: { blobs: number } }> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [berthBin, 'gc', ...args, '--data', berth.dataDir], { env: { ...process.env, ...berth.storeEnv } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`berth gc ${args.join(' ')} exited with ${code}: ${stderr}`))));
  });
  return JSON.parse(output);
}
