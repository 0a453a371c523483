// Periodic tasks that exactly one node fires per occurrence, however many nodes run the same tasks.
// The `schedules` table records each task's next occurrence: a node fires a task by moving that row
// forward with one conditional upsert (`… ON CONFLICT (name) DO UPDATE … WHERE next_run_at <= now
// RETURNING`), which only one writer can win per occurrence; the others see a row already moved and
// learn when the next one is due. A restart reads the row and does not fire again early.
// - PostgreSQL: the upsert runs in a transaction that first takes `pg_try_advisory_xact_lock` on the
//   task's name. Losers return at once instead of queueing on the row lock, and whatever a future task
//   does inside that transaction runs on one node only. The lock goes with the transaction, so a node
//   that dies holding it holds nothing.
// - SQLite: the same upsert, a write transaction of its own under the single writer's lock; no other
//   lock is needed.
// Firing is at most once per occurrence: `run` runs after the commit, on the firing node. A task whose
// work must survive that node's death enqueues a job (job-queue.ts) and lets a worker run it.
// Occurrences are `intervalMs` apart on the clock of the node that fired the previous one; nodes'
// clocks should agree (NTP) or an occurrence comes early by the skew, but still only once.
import { setTimeout as delay } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { MetadataDatabase } from '../metadata/metadata-database.js';
import type { MetadataSchema } from '../metadata/schema.js';

export interface ScheduledTask {
  /** Unique across the deployment: nodes that share it share its occurrences. */
  name: string;
  intervalMs: number;
  run(signal: AbortSignal): Promise<void>;
}

export interface SchedulerOptions {
  database: MetadataDatabase;
  tasks: readonly ScheduledTask[];
  /** Recorded with each occurrence (which node fired it). */
  nodeId: string;
  logger: Logger;
  now?: () => number;
  /** Longest sleep between checks, so that a task fired elsewhere is seen (default 30 s). */
  maxSleepMs?: number;
}

/** Sleep when another node holds a task's lock: it is firing now and we do not know the next time. */
const contendedRetryMs = 1000;

export class Scheduler {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly stopping = new AbortController();
  private readonly running = new Map<string, Promise<void>>();
  private loop?: Promise<void>;

  constructor(private readonly options: SchedulerOptions) {
    this.logger = options.logger.child({ component: 'scheduler' });
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.loop ??= this.runLoop();
  }

  /** Stops firing, aborts the runs in progress and waits for them. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await Promise.allSettled(this.running.values());
  }

  /**
   * Fires every task whose occurrence is due and that this node won; returns their names and when
   * the next check is worth doing. Tasks still running here from a previous occurrence are skipped.
   */
  async tick(): Promise<{ fired: string[]; nextCheckAt: number }> {
    const fired: string[] = [];
    let nextCheckAt = this.now() + (this.options.maxSleepMs ?? 30_000);
    for (const task of this.options.tasks) {
      if (this.running.has(task.name)) continue;
      const outcome = await this.tryFire(task);
      nextCheckAt = Math.min(nextCheckAt, outcome.nextRunAt ?? this.now() + contendedRetryMs);
      if (!outcome.fired) continue;
      fired.push(task.name);
      this.launch(task);
    }
    return { fired, nextCheckAt };
  }

  private async runLoop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      let sleepMs = contendedRetryMs;
      try {
        const { nextCheckAt } = await this.tick();
        sleepMs = nextCheckAt - this.now();
      } catch (error) {
        this.logger.error({ err: error }, 'checking schedules failed; trying again');
      }
      // A little jitter keeps nodes started together from checking in lockstep.
      await delay(Math.max(10, sleepMs) + Math.random() * 50, undefined, { signal, ref: false }).catch(() => undefined);
    }
  }

  private launch(task: ScheduledTask): void {
    const startedAt = Date.now();
    this.logger.debug({ task: task.name }, 'schedule fired');
    const run = task
      .run(this.stopping.signal)
      .then(
        () => this.logger.debug({ task: task.name, durationMs: Date.now() - startedAt }, 'scheduled task done'),
        (error: unknown) => this.logger.error({ err: error, task: task.name }, 'scheduled task failed'),
      )
      .finally(() => this.running.delete(task.name));
    this.running.set(task.name, run);
  }

  private async tryFire(task: ScheduledTask): Promise<{ fired: boolean; nextRunAt?: number }> {
    const { db, dialect } = this.options.database;
    if (dialect === 'sqlite') return this.fireIfDue(db, task);
    return db.transaction().execute(async (trx) => {
      const lockKey = `berth schedule ${task.name}`;
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${lockKey}, 0)) as locked`.execute(trx);
      if (!rows[0]?.locked) return { fired: false };
      return this.fireIfDue(trx, task);
    });
  }

  /**
   * Moves the task's row to the next occurrence if the current one is due: one statement, so on
   * SQLite it is one write transaction of the single writer. (A multi-statement transaction there
   * would hold the write lock across awaits, and other connections of this process would block the
   * event loop on it.)
   */
  private async fireIfDue(db: Kysely<MetadataSchema>, task: ScheduledTask): Promise<{ fired: boolean; nextRunAt?: number }> {
    const now = this.now();
    const occurrence = { next_run_at: now + task.intervalMs, last_run_at: now, last_node: this.options.nodeId };
    const won = await db
      .insertInto('schedules')
      .values({ name: task.name, ...occurrence })
      .onConflict((conflict) => conflict.column('name').doUpdateSet(occurrence).where('schedules.next_run_at', '<=', now))
      .returning('next_run_at')
      .executeTakeFirst();
    if (won) return { fired: true, nextRunAt: Number(won.next_run_at) };
    const row = await db.selectFrom('schedules').select('next_run_at').where('name', '=', task.name).executeTakeFirst();
    return { fired: false, ...(row && { nextRunAt: Number(row.next_run_at) }) };
  }
}
