// Cross-node cache invalidation with real engines: two Berth processes on one PostgreSQL and one
// s3rver, each caching metadata for a minute (BERTH_METADATA_CACHE_TTL_MS=60000). A write through
// node A reaches node B's cache through LISTEN/NOTIFY, so B serves the new state long before its
// entries expire. A direct database write (no NOTIFY) first proves that B really serves from its
// cache. Reads on B are polled in bounded loops: delivery is asynchronous, and nothing here times it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { listenerApplicationName } from '../../src/metadata/postgres/postgres-cache-invalidation-bus.js';
import { startPostgresServerOrSkip, type PostgresServer } from '../support/postgres-server.js';
import { MediaType, OciClient } from '../oci/oci-client.js';
import { startFleet, type Fleet } from './fleet.js';

const { server: postgres, skip } = await startPostgresServerOrSkip();

/** Far below the TTL: what B serves within it came from an invalidation, not from expiry. */
const boundMs = 20_000;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not seen within ${boundMs} ms (the cache TTL is 60 s): ${what}`);
    await delay(20);
  }
}

describe('cache invalidation across two nodes on PostgreSQL + S3', { skip }, () => {
  let fleet: Fleet;
  let a: OciClient;
  let b: OciClient;
  let sql: pg.Client;

  before(async () => {
    fleet = await startFleet(postgres as PostgresServer, { env: { BERTH_METADATA_CACHE_TTL_MS: '60000' } });
    a = new OciClient((await fleet.startNode()).url);
    b = new OciClient((await fleet.startNode()).url);
    sql = new pg.Client({ connectionString: fleet.databaseUrl });
    await sql.connect();
  });

  after(async () => {
    await sql?.end();
    if (fleet) await fleet.stop();
    else await postgres?.stop();
  });

  const taggedDigest = async (client: OciClient, repository: string, tag: string) =>
    (await client.get(`/v2/${repository}/manifests/${tag}`, { accept: MediaType.ociManifest })).header('docker-content-digest');

  test('a tag moved through node A is served by node B at once, though B caches it for a minute', async () => {
    const first = await a.pushImage('cache/app', 'latest');
    const second = await a.pushImage('cache/app', 'other');
    // The first pull records its time (ECR's lastRecordedPullTime), which drops the entry it read;
    // the second caches the manifest with that time, and no pull writes again for a day.
    for (const client of [b, b, a]) assert.equal(await taggedDigest(client, 'cache/app', 'latest'), first.digest);

    // Behind Berth's back: no notification, so node B keeps serving what it cached.
    await sql.query(`update tags set manifest_digest = $1 where name = 'latest'`, [second.digest]);
    assert.equal(await taggedDigest(b, 'cache/app', 'latest'), first.digest, 'node B serves the tag from its cache');
    assert.equal(await taggedDigest(a, 'cache/app', 'latest'), first.digest, 'and so does node A');

    const third = await a.pushImage('cache/app', 'latest');
    await until('node B serving the moved tag', async () => (await taggedDigest(b, 'cache/app', 'latest')) === third.digest);
  });

  test('an image deleted through node A, then its layer, are gone from node B at once', async () => {
    const image = await a.pushImage('cache/deleted', 'v1');
    const layer = image.layers[0].digest;
    assert.equal(await taggedDigest(b, 'cache/deleted', 'v1'), image.digest);
    assert.equal((await b.get(`/v2/cache/deleted/manifests/${image.digest}`, { accept: MediaType.ociManifest })).status, 200);
    assert.equal((await b.head(`/v2/cache/deleted/blobs/${layer}`)).status, 200);

    assert.equal((await a.delete(`/v2/cache/deleted/manifests/${image.digest}`)).status, 202);
    await until('the deleted manifest gone from node B, by tag and by digest', async () => {
      const [byTag, byDigest] = await Promise.all([
        b.get('/v2/cache/deleted/manifests/v1', { accept: MediaType.ociManifest }),
        b.get(`/v2/cache/deleted/manifests/${image.digest}`, { accept: MediaType.ociManifest }),
      ]);
      return byTag.status === 404 && byDigest.status === 404;
    });

    assert.equal((await a.delete(`/v2/cache/deleted/blobs/${layer}`)).status, 202);
    await until('the deleted layer gone from node B', async () => (await b.head(`/v2/cache/deleted/blobs/${layer}`)).status === 404);
  });

  test('nodes whose listening connections were cut forget what they cached, listen again, and hear again', async () => {
    const first = await a.pushImage('cache/reconnect', 'latest');
    assert.equal(await taggedDigest(b, 'cache/reconnect', 'latest'), first.digest);
    const { rowCount } = await sql.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1', [
      listenerApplicationName,
    ]);
    assert.equal(rowCount, 2, 'one listening connection per node');
    // Whether B hears this write or reconnects after it, it must not serve the old tag for long.
    const second = await a.pushImage('cache/reconnect', 'latest');
    await until('node B serving the tag moved while it was cut off', async () => (await taggedDigest(b, 'cache/reconnect', 'latest')) === second.digest);
    await until('both nodes listening again', async () => {
      const { rows } = await sql.query('select count(*)::int as listening from pg_stat_activity where datname = current_database() and application_name = $1', [
        listenerApplicationName,
      ]);
      return rows[0].listening === 2;
    });
    const third = await a.pushImage('cache/reconnect', 'latest');
    await until('node B hearing again', async () => (await taggedDigest(b, 'cache/reconnect', 'latest')) === third.digest);
  });
});
