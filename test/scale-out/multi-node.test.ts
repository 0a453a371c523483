// Scale-out proven with real engines: two Berth processes on one PostgreSQL and one S3 API server
// (s3rver), nothing else shared. Push through one node, pull through the other; a chunked upload
// whose PATCHes go to one node and whose PUT goes to the other; concurrent pushes of one tag from
// both nodes end with one consistent winner; a node killed mid-push while the other keeps serving.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { BerthProcess } from '../support/berth-process.js';
import { startPostgresServerOrSkip, type PostgresServer } from '../support/postgres-server.js';
import { MediaType, OciClient, blobOf, randomBlob, sha256 } from '../oci/oci-client.js';
import { startFleet, type Fleet } from './fleet.js';

const { server: postgres, skip } = await startPostgresServerOrSkip();

describe('two nodes on PostgreSQL + S3', { skip }, () => {
  let fleet: Fleet;
  let s3: Fleet['s3'];
  let nodes: BerthProcess[];
  const startNode = (env: Record<string, string> = {}) => fleet.startNode(env);

  before(async () => {
    // Caches off: every assertion below reads what the other node wrote at once, whatever the bus does.
    fleet = await startFleet(postgres as PostgresServer, { env: { BERTH_METADATA_CACHE_TTL_MS: '0' } });
    ({ s3, nodes } = fleet);
    await startNode();
    await startNode();
  });

  after(async () => {
    if (fleet) await fleet.stop();
    else await postgres?.stop();
  });

  test('an image pushed through node A pulls byte for byte through node B, which lists it too', async () => {
    const [a, b] = nodes.map((node) => new OciClient(node.url));
    const image = await a.pushImage('fleet/app', 'v1');
    const manifest = await b.get('/v2/fleet/app/manifests/v1', { accept: MediaType.ociManifest });
    assert.equal(manifest.status, 200);
    assert.ok(manifest.body.equals(image.manifest));
    for (const layer of image.layers) {
      const pulled = await b.get(`/v2/fleet/app/blobs/${layer.digest}`);
      assert.equal(pulled.status, 200);
      assert.ok(pulled.body.equals(layer.bytes));
    }
    assert.deepEqual((await b.get('/v2/fleet/app/tags/list')).json().tags, ['v1']);
  });

  test('a chunked upload PATCHed on node A is completed by a PUT on node B', async () => {
    const [a, b] = nodes.map((node) => new OciClient(node.url));
    const bytes = randomBytes(7 * 1024 * 1024 + 123);
    const location = await a.startUpload('fleet/chunked');
    const half = 3 * 1024 * 1024;
    assert.equal((await a.patchChunk(location, bytes.subarray(0, half), { start: 0 })).status, 202);
    const status = await b.get(location);
    assert.equal(status.status, 204);
    assert.equal(status.header('range'), `0-${half - 1}`);
    assert.equal((await b.patchChunk(location, bytes.subarray(half), { start: half })).status, 202);
    const digest = sha256(bytes);
    const done = await b.request('PUT', `${location}?digest=${digest}`);
    assert.equal(done.status, 201, done.body.toString());
    const pulled = await a.get(`/v2/fleet/chunked/blobs/${digest}`);
    assert.ok(pulled.body.equals(bytes), 'node A serves the blob node B committed');
  });

  test('20 concurrent pushes of one tag over both nodes end with one winner that both nodes agree on', async () => {
    const clients = nodes.map((node) => new OciClient(node.url));
    const shared = randomBlob(4096);
    await clients[0].pushBlob('fleet/race', shared);
    const pushes = Array.from({ length: 20 }, async (_, index) => {
      const client = clients[index % 2];
      const config = blobOf(JSON.stringify({ architecture: 'amd64', os: 'linux', n: index }));
      await client.pushBlob('fleet/race', config);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.ociManifest,
          config: { mediaType: MediaType.ociConfig, digest: config.digest, size: config.bytes.length },
          layers: [{ mediaType: MediaType.ociLayer, digest: shared.digest, size: shared.bytes.length }],
        }),
      );
      const reply = await client.pushManifest('fleet/race', 'latest', manifest, MediaType.ociManifest);
      assert.equal(reply.status, 201, reply.body.toString());
      return sha256(manifest);
    });
    const digests = await Promise.all(pushes);
    const seen = await Promise.all(clients.map((client) => client.get('/v2/fleet/race/manifests/latest', { accept: MediaType.ociManifest })));
    const winner = seen[0].header('docker-content-digest');
    assert.equal(seen[1].header('docker-content-digest'), winner, 'both nodes resolve the tag alike');
    assert.ok(digests.includes(winner!), 'the winner is one of the pushed manifests');
    assert.deepEqual((await clients[1].get('/v2/fleet/race/tags/list')).json().tags, ['latest']);
    for (const digest of digests) {
      assert.equal((await clients[1].head(`/v2/fleet/race/manifests/${digest}`)).status, 200, 'every acknowledged manifest is stored');
    }
  });

  test('with BERTH_REDIRECT_PULLS a node answers blob pulls with a 307 to a presigned S3 URL that serves the bytes', async () => {
    const redirecting = await startNode({ BERTH_REDIRECT_PULLS: 'true' });
    const image = await new OciClient(nodes[1].url).pushImage('fleet/redirect', 'v1');
    const layer = image.layers[0];
    const reply = await fetch(`${redirecting.url}/v2/fleet/redirect/blobs/${layer.digest}`, { redirect: 'manual' });
    assert.equal(reply.status, 307);
    const location = reply.headers.get('location')!;
    assert.ok(location.startsWith(s3.endpoint), `redirected to the object store: ${location}`);
    assert.match(location, /X-Amz-Signature=/);
    const followed = await fetch(`${redirecting.url}/v2/fleet/redirect/blobs/${layer.digest}`);
    assert.ok(Buffer.from(await followed.arrayBuffer()).equals(layer.bytes), 'following the redirect gives the blob');
    const unknown = await fetch(`${redirecting.url}/v2/fleet/redirect/blobs/${randomBlob(8).digest}`, { redirect: 'manual' });
    assert.equal(unknown.status, 404, 'no redirect for a blob the repository cannot see');
  });

  test('node A killed in the middle of a push: node B keeps serving, and the half-done upload is resumable through B', async () => {
    const [a, b] = nodes.map((node) => new OciClient(node.url));
    const before = await a.pushImage('fleet/survivor', 'v1');
    const bytes = randomBytes(6 * 1024 * 1024);
    const location = await a.startUpload('fleet/survivor');
    assert.equal((await a.patchChunk(location, bytes.subarray(0, 2 * 1024 * 1024), { start: 0 })).status, 202);
    await nodes[0].kill();
    const manifest = await b.get('/v2/fleet/survivor/manifests/v1', { accept: MediaType.ociManifest });
    assert.ok(manifest.body.equals(before.manifest), 'node B still serves what node A pushed');
    const status = await b.get(location);
    assert.equal(status.status, 204);
    const offset = Number(status.header('range')!.split('-')[1]) + 1;
    assert.equal((await b.patchChunk(location, bytes.subarray(offset), { start: offset })).status, 202);
    const done = await b.request('PUT', `${location}?digest=${sha256(bytes)}`);
    assert.equal(done.status, 201, done.body.toString());
    assert.ok((await b.get(`/v2/fleet/survivor/blobs/${sha256(bytes)}`)).body.equals(bytes));
  });
});
