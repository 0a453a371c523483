// The bus contract on PostgreSQL's LISTEN/NOTIFY (testing/postgres-server.ts), each bus with a pool of
// its own as a node has; then what only this adapter has: a listening connection that can be lost.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { cacheInvalidationBusContract, eventually, RecordingListener } from '../testing/cache-invalidation-bus-contract.js';
import { startPostgresServerOrSkip } from '../testing/postgres-server.js';
import { invalidationChannel, listenerApplicationName, PostgresCacheInvalidationBus } from './postgres-cache-invalidation-bus.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

const quietLogger = { warn: () => undefined };

/** Buses on one database, as nodes of one deployment: each with its own pool and listening connection. */
async function fleetOn(url: string) {
  const buses: PostgresCacheInvalidationBus[] = [];
  const pools: Kysely<unknown>[] = [];
  return {
    async node() {
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
      pools.push(db);
      const bus = await PostgresCacheInvalidationBus.start({ connectionString: url, db, logger: quietLogger, reconnectDelayMs: { first: 20, max: 200 } });
      buses.push(bus);
      return bus;
    },
    async cleanup() {
      for (const bus of buses) await bus.close();
      for (const db of pools) await db.destroy();
    },
  };
}

describe('postgres cache invalidation bus', { skip }, () => {
  let database: Promise<string> | undefined;
  const sharedDatabase = () => (database ??= server!.createDatabase());

  cacheInvalidationBusContract('postgres LISTEN/NOTIFY', async () => fleetOn(await sharedDatabase()));

  test('a lost listening connection makes the node forget everything; it listens again, and hears again', async () => {
    const url = await server!.createDatabase();
    const fleet = await fleetOn(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const a = await fleet.node();
      const b = (await fleet.node()) as PostgresCacheInvalidationBus;
      const heard = new RecordingListener();
      b.subscribe(heard);
      const { rowCount } = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1',
        [listenerApplicationName],
      );
      assert.equal(rowCount, 2, "both nodes' listening connections were cut");
      await eventually('node B forgetting everything', () => heard.forgotEverything >= 1);
      await eventually('node B listening again', () => b.listening);
      const before = heard.forgotEverything;
      assert.ok(before >= 2, 'forgotten once when lost and once more when listening again');
      const tag = { kind: 'tag', repositoryId: 1, tag: 'after-reconnect' } as const;
      await eventually('node A listening again', () => (a as PostgresCacheInvalidationBus).listening);
      await a.publish([tag]);
      await eventually('the invalidation sent after the reconnection', () => heard.keys.has('t 1 after-reconnect'));
    } finally {
      await admin.end();
      await fleet.cleanup();
    }
  });

  test('a message this version cannot read makes the node forget everything', async () => {
    const url = await sharedDatabase();
    const fleet = await fleetOn(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const bus = await fleet.node();
      const heard = new RecordingListener();
      bus.subscribe(heard);
      await admin.query('select pg_notify($1, $2)', [invalidationChannel, '2 a-newer-node\nq 1 something']);
      await eventually('forgetting everything', () => heard.forgotEverything === 1);
      assert.equal(heard.keys.size, 0);
    } finally {
      await admin.end();
      await fleet.cleanup();
    }
  });
});
