// The worker on the SQLite queue with real time: bounded concurrency, retries, clean stop.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import { openSqliteDatabase } from '../metadata/sqlite/open-sqlite-database.js';
import { JobWorker } from './job-worker.js';
import { KyselyJobQueue } from './kysely-job-queue.js';

async function withQueue(work: (queue: KyselyJobQueue) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-worker-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  try {
    await work(new KyselyJobQueue(database, { retryDelayMs: () => 0 }));
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await delay(10);
  }
}

test('runs every job once with at most `concurrency` at a time', () =>
  withQueue(async (queue) => {
    for (let n = 0; n < 12; n++) await queue.enqueue('work', { n });
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const worker = new JobWorker({
      queue,
      workerId: 'w',
      logger: pino({ level: 'silent' }),
      concurrency: 3,
      idlePollMs: 20,
      handlers: {
        work: async (job) => {
          peak = Math.max(peak, ++active);
          await delay(15);
          active--;
          done.push((job.payload as { n: number }).n);
        },
      },
    });
    worker.start();
    await until(() => done.length === 12);
    await worker.close();
    assert.equal(peak, 3);
    assert.deepEqual([...done].sort((a, b) => a - b), Array.from({ length: 12 }, (_, n) => n));
  }));

test('a failing job is retried, then given up, without stopping the worker', () =>
  withQueue(async (queue) => {
    const { id } = await queue.enqueue('flaky', {}, { maxAttempts: 3 });
    await queue.enqueue('fine', {});
    const attempts: number[] = [];
    let fine = false;
    const worker = new JobWorker({
      queue,
      workerId: 'w',
      logger: pino({ level: 'silent' }),
      idlePollMs: 20,
      handlers: {
        flaky: async (job) => {
          attempts.push(job.attempt);
          throw new Error(`attempt ${job.attempt} failed`);
        },
        fine: async () => void (fine = true),
      },
    });
    worker.start();
    await until(async () => (await queue.find(id))?.status === 'failed');
    await worker.close();
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal(fine, true);
    assert.equal((await queue.find(id))?.lastError, 'attempt 3 failed');
  }));

test('close() aborts the running job, waits for it and hands it back at once', () =>
  withQueue(async (queue) => {
    const { id } = await queue.enqueue('long', {});
    let started = false;
    const worker = new JobWorker({
      queue,
      workerId: 'w',
      logger: pino({ level: 'silent' }),
      idlePollMs: 20,
      handlers: {
        long: async (_job, signal) => {
          started = true;
          await delay(60_000, undefined, { signal });
        },
      },
    });
    worker.start();
    await until(() => started);
    const stoppedAt = Date.now();
    await worker.close();
    assert.ok(Date.now() - stoppedAt < 1000);
    const record = await queue.find(id);
    assert.deepEqual([record?.status, record?.lastError], ['pending', 'worker stopped during the job']);
    assert.ok((await queue.claim('other', ['long'], 1000)) !== undefined, 'another worker can take it now');
  }));
