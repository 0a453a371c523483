// The job queue and scheduler contract (job-queue.ts, scheduler.ts): SQLite and PostgreSQL run this
// suite unchanged. Every "node" here has a connection of its own to the shared database (a pool on
// PostgreSQL, a connection on SQLite), as separate processes would, and one fake clock they share.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import type { MetadataDatabase } from '../../metadata/metadata-database.js';
import { KyselyJobQueue } from '../kysely-job-queue.js';
import { Scheduler } from '../scheduler.js';

export interface JobQueueFixture {
  database: MetadataDatabase;
  /** Another connection to the same database, as another node has. */
  openAnother(): Promise<MetadataDatabase>;
  cleanup(): Promise<void>;
}

const silent = pino({ level: 'silent' });

export function jobQueueContract(name: string, setup: () => Promise<JobQueueFixture>): void {
  describe(`job queue contract: ${name}`, () => {
    const withDatabase = (work: (fixture: JobQueueFixture & { clock: FakeClock; others: MetadataDatabase[] }) => Promise<void>) => async () => {
      const fixture = await setup();
      const others: MetadataDatabase[] = [];
      const clock = new FakeClock();
      try {
        await work({ ...fixture, clock, others, openAnother: async () => others[others.push(await fixture.openAnother()) - 1]! });
      } finally {
        for (const other of others) await other.close();
        await fixture.cleanup();
      }
    };

    test(
      'a job is claimed with its payload, in runAt order, only for the kinds asked and not before its time',
      withDatabase(async ({ database, clock }) => {
        const queue = new KyselyJobQueue(database, { now: clock.now });
        const later = await queue.enqueue('scan', { image: 'b' }, { runAt: clock.time + 1000 });
        const first = await queue.enqueue('scan', { image: 'a' });
        await queue.enqueue('gc', null);
        assert.equal(await queue.claim('w1', ['lifecycle'], 60_000), undefined);
        const claimed = await queue.claim('w1', ['scan'], 60_000);
        assert.deepEqual(claimed, { id: first.id, attempt: 1, kind: 'scan', payload: { image: 'a' }, maxAttempts: 5, leaseExpiresAt: clock.time + 60_000 });
        assert.equal(await queue.claim('w1', ['scan'], 60_000), undefined, 'the later job waits for its runAt');
        clock.advance(1000);
        assert.equal((await queue.claim('w1', ['scan'], 60_000))?.id, later.id);
        assert.equal((await queue.find(first.id))?.status, 'running');
        assert.equal(await queue.complete(claimed!), true);
        assert.equal(await queue.find(first.id), undefined, 'completed jobs are removed');
        assert.equal(await queue.complete(claimed!), false);
      }),
    );

    test(
      'each of 200 jobs is claimed by exactly one of 4 concurrent claimers: none twice, none lost',
      withDatabase(async ({ database, clock, openAnother }) => {
        const queue = new KyselyJobQueue(database, { now: clock.now });
        const enqueued = new Set<number>();
        for (let n = 0; n < 200; n++) enqueued.add((await queue.enqueue('work', { n })).id);
        const claimers = await Promise.all([1, 2, 3, 4].map(async (n) => ({ id: `w${n}`, queue: new KyselyJobQueue(await openAnother(), { now: clock.now }) })));
        const claims = await Promise.all(
          claimers.map(async ({ id, queue: own }) => {
            const ids: number[] = [];
            for (let job = await own.claim(id, ['work'], 60_000); job; job = await own.claim(id, ['work'], 60_000)) {
              ids.push(job.id);
              assert.equal(await own.complete(job), true, `${id} lost the lease of job ${job.id}`);
            }
            return ids;
          }),
        );
        const all = claims.flat();
        assert.equal(all.length, 200, 'no job claimed twice');
        assert.deepEqual(new Set(all), enqueued, 'no job lost');
        assert.ok(claims.filter((ids) => ids.length > 0).length > 1, 'the claimers shared the work');
        assert.equal(await queue.claim('w0', ['work'], 60_000), undefined);
      }),
    );

    test(
      'an expired lease lets another worker take the job again; the old holder can no longer answer for it',
      withDatabase(async ({ database, clock, openAnother }) => {
        const nodeA = new KyselyJobQueue(database, { now: clock.now });
        const nodeB = new KyselyJobQueue(await openAnother(), { now: clock.now });
        const { id } = await nodeA.enqueue('gc', {});
        const first = await nodeA.claim('a', ['gc'], 1000);
        clock.advance(999);
        assert.equal(await nodeB.claim('b', ['gc'], 1000), undefined, 'leased');
        clock.advance(1);
        const second = await nodeB.claim('b', ['gc'], 1000);
        assert.deepEqual([second?.id, second?.attempt], [id, 2]);
        assert.equal(await nodeA.complete(first!), false);
        assert.equal(await nodeA.fail(first!, 'late'), 'lease-lost');
        assert.equal((await nodeA.find(id))?.lockedBy, 'b');
        assert.equal(await nodeB.complete(second!), true);
      }),
    );

    test(
      'failures retry at retryAt or after a backoff until the maximum, then the job is kept as failed',
      withDatabase(async ({ database, clock }) => {
        const queue = new KyselyJobQueue(database, { now: clock.now, retryDelayMs: () => 500 });
        const { id } = await queue.enqueue('scan', {}, { maxAttempts: 3 });
        const one = await queue.claim('w', ['scan'], 60_000);
        assert.equal(await queue.fail(one!, 'boom 1', clock.time + 100), 'retrying');
        assert.equal(await queue.claim('w', ['scan'], 60_000), undefined);
        clock.advance(100);
        const two = await queue.claim('w', ['scan'], 60_000);
        assert.equal(two?.attempt, 2);
        assert.equal(await queue.fail(two!, 'boom 2'), 'retrying');
        clock.advance(499);
        assert.equal(await queue.claim('w', ['scan'], 60_000), undefined, 'the default backoff');
        clock.advance(1);
        const three = await queue.claim('w', ['scan'], 60_000);
        assert.equal(await queue.fail(three!, 'boom 3', clock.time), 'failed');
        clock.advance(60_000);
        assert.equal(await queue.claim('w', ['scan'], 60_000), undefined);
        const record = await queue.find(id);
        assert.deepEqual([record?.status, record?.attempts, record?.lastError, record?.lockedBy], ['failed', 3, 'boom 3', undefined]);
      }),
    );

    test(
      'a lease that expires on the last attempt fails the job instead of running it again',
      withDatabase(async ({ database, clock }) => {
        const queue = new KyselyJobQueue(database, { now: clock.now });
        const { id } = await queue.enqueue('scan', {}, { maxAttempts: 1 });
        await queue.claim('dies', ['scan'], 1000);
        clock.advance(1000);
        assert.equal(await queue.claim('w', ['scan'], 1000), undefined);
        assert.equal((await queue.find(id))?.status, 'failed');
      }),
    );

    test(
      'a dedupeKey held by a pending or running job returns that job; once it is done or failed the key is free',
      withDatabase(async ({ database, clock, openAnother }) => {
        const queue = new KyselyJobQueue(database, { now: clock.now });
        const other = new KyselyJobQueue(await openAnother(), { now: clock.now });
        const racing = await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 ? queue : other).enqueue('scan', { n }, { dedupeKey: 'scan app@sha256:1' })));
        assert.equal(racing.filter((job) => job.created).length, 1);
        assert.equal(new Set(racing.map((job) => job.id)).size, 1);
        const held = racing[0]!.id;
        assert.notEqual((await queue.enqueue('scan', {}, { dedupeKey: 'scan app@sha256:2' })).id, held);

        const running = await queue.claim('w', ['scan'], 60_000);
        assert.equal(running?.id, held);
        assert.deepEqual(await queue.enqueue('scan', {}, { dedupeKey: 'scan app@sha256:1' }), { id: held, created: false });
        assert.equal(await queue.fail(running!, 'retry me', clock.time), 'retrying');
        assert.deepEqual(await queue.enqueue('scan', {}, { dedupeKey: 'scan app@sha256:1' }), { id: held, created: false });
        await queue.complete((await queue.claim('w', ['scan'], 60_000))!);
        const fresh = await queue.enqueue('scan', {}, { dedupeKey: 'scan app@sha256:1' });
        assert.equal(fresh.created, true);
        assert.notEqual(fresh.id, held);
      }),
    );

    test(
      'the scheduler fires each occurrence once across 5 nodes, and a restarted node does not fire early',
      withDatabase(async ({ clock, openAnother }) => {
        const runs: string[] = [];
        const scheduler = async (node: string) =>
          new Scheduler({
            database: await openAnother(),
            nodeId: node,
            logger: silent,
            now: clock.now,
            tasks: [
              { name: 'expire-uploads', intervalMs: 1000, run: async () => void runs.push(`expire-uploads ${node}`) },
              { name: 'gc', intervalMs: 3000, run: async () => void runs.push(`gc ${node}`) },
            ],
          });
        const nodes = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(scheduler));
        let fired = 0;
        for (let round = 0; round < 30; round++) {
          if (round > 0) clock.advance(500);
          // Every node checks twice per tick of the clock, all at once.
          for (let check = 0; check < 2; check++) {
            const results = await Promise.all(nodes.map((node) => node.tick()));
            fired += results.reduce((sum, result) => sum + result.fired.length, 0);
          }
        }
        await Promise.all(nodes.map((node) => node.close()));
        // 14.5 s of clock: expire-uploads at 0, 1, …, 14 s (15); gc at 0, 3, …, 12 s (5).
        assert.equal(fired, 20);
        assert.equal(runs.filter((run) => run.startsWith('expire-uploads')).length, 15);
        assert.equal(runs.filter((run) => run.startsWith('gc')).length, 5);

        const restarted = await scheduler('a-again');
        assert.deepEqual((await restarted.tick()).fired, []);
        clock.advance(500);
        assert.deepEqual((await restarted.tick()).fired, ['expire-uploads', 'gc']);
        await restarted.close();
      }),
    );
  });
}

class FakeClock {
  time = 1_700_000_000_000;
  readonly now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}
