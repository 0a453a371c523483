// The job queue on the metadata database, one implementation for both dialects; only the claim's
// row lock differs.
// - PostgreSQL: the claim is one UPDATE whose target is chosen by `SELECT … FOR UPDATE SKIP LOCKED`,
//   so the select, the row lock and the update are one statement and one transaction (autocommit, READ
//   COMMITTED: SKIP LOCKED is meant for it; SERIALIZABLE would abort contenders instead of skipping).
//   Concurrent claimers skip rows another transaction has locked instead of queueing behind them, and
//   a row committed as running no longer matches. The outer WHERE repeats the conditions so that the
//   re-check PostgreSQL does on a row updated meanwhile fails rather than claiming it twice.
// - SQLite: the database has one writer at a time, across connections and processes, and a single
//   UPDATE … RETURNING runs its subquery and its write under that one write lock: no other claim can
//   interleave, so the conditional update alone is the claim. (FOR UPDATE does not exist there.)
// Claim order follows the partial index jobs_claim_order (migrations/005-jobs.ts): its predicate is
// spelled here with literals, as there, or neither planner could use it.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { MetadataDatabase } from '../metadata/metadata-database.js';
import type { JobsTable, MetadataSchema } from '../metadata/schema.js';
import type { ClaimedJob, EnqueuedJob, EnqueueOptions, FailOutcome, JobLease, JobQueue, JobRecord, JobStatus } from './job-queue.js';

const holdsSlot = sql<boolean>`status in ('pending', 'running')`;
const maxErrorLength = 4000;

export interface KyselyJobQueueOptions {
  now?: () => number;
  /** Default maximum of attempts per job (5). */
  maxAttempts?: number;
  /** Pause before attempt `attempt + 1` when `fail` names no retryAt (default: 2^attempt s, at most 1 h). */
  retryDelayMs?: (attempt: number) => number;
}

export class KyselyJobQueue implements JobQueue {
  private readonly db: Kysely<MetadataSchema>;
  private readonly postgres: boolean;
  private readonly now: () => number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: (attempt: number) => number;

  constructor(database: MetadataDatabase, options: KyselyJobQueueOptions = {}) {
    this.db = database.db;
    this.postgres = database.dialect === 'postgres';
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => Math.min(2 ** attempt * 1000, 3_600_000));
  }

  async enqueue(kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<EnqueuedJob> {
    const now = this.now();
    const values = {
      kind,
      payload: JSON.stringify(payload ?? null),
      status: 'pending' as const,
      dedupe_key: options.dedupeKey ?? null,
      attempts: 0,
      max_attempts: options.maxAttempts ?? this.maxAttempts,
      available_at: options.runAt ?? now,
      created_at: now,
      updated_at: now,
    };
    if (options.dedupeKey === undefined) {
      const row = await this.db.insertInto('jobs').values(values).returning('id').executeTakeFirstOrThrow();
      return { id: row.id, created: true };
    }
    // The holder of the key may finish between our insert and our look-up: then insert again.
    for (;;) {
      const inserted = await this.db
        .insertInto('jobs')
        .values(values)
        .onConflict((conflict) => conflict.column('dedupe_key').where(holdsSlot).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { id: inserted.id, created: true };
      const holder = await this.db.selectFrom('jobs').select('id').where('dedupe_key', '=', options.dedupeKey).where(holdsSlot).executeTakeFirst();
      if (holder) return { id: holder.id, created: false };
    }
  }

  async claim(workerId: string, kinds: readonly string[], leaseMs: number): Promise<ClaimedJob | undefined> {
    if (kinds.length === 0) return undefined;
    const now = this.now();
    // A lease that expired on the last attempt: the job's node died every time; give it up.
    await this.db
      .updateTable('jobs')
      .set({ status: 'failed', locked_by: null, last_error: 'lease expired on the last attempt', updated_at: now })
      .where('status', '=', 'running')
      .where('available_at', '<=', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .where('kind', 'in', kinds)
      .execute();

    const next = this.db
      .selectFrom('jobs')
      .select('id')
      .where(holdsSlot)
      .where('available_at', '<=', now)
      .where('kind', 'in', kinds)
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
      .orderBy('available_at')
      .orderBy('id')
      .limit(1)
      .$if(this.postgres, (query) => query.forUpdate().skipLocked());
    const row = await this.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_by: workerId, attempts: eb('attempts', '+', 1), available_at: now + leaseMs, updated_at: now }))
      .where('id', '=', next)
      .where(holdsSlot)
      .where('available_at', '<=', now)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, attempt: row.attempts, kind: row.kind, payload: JSON.parse(row.payload), maxAttempts: row.max_attempts, leaseExpiresAt: Number(row.available_at) };
  }

  async complete(lease: JobLease): Promise<boolean> {
    const result = await this.leased(this.db.deleteFrom('jobs'), lease).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async fail(lease: JobLease, error: string, retryAt?: number): Promise<FailOutcome> {
    const now = this.now();
    const row = await this.leased(this.db.updateTable('jobs'), lease)
      .set((eb) => ({
        status: eb.case().when('attempts', '>=', eb.ref('max_attempts')).then(sql.lit<JobStatus>('failed')).else(sql.lit<JobStatus>('pending')).end(),
        available_at: retryAt ?? now + this.retryDelayMs(lease.attempt),
        locked_by: null,
        last_error: error.slice(0, maxErrorLength),
        updated_at: now,
      }))
      .returning('status')
      .executeTakeFirst();
    if (!row) return 'lease-lost';
    return row.status === 'failed' ? 'failed' : 'retrying';
  }

  async find(id: number): Promise<JobRecord | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJobRecord(row);
  }

  /** Narrows a write to the job while this lease still holds it. */
  private leased<Q extends { where: (...args: any[]) => any }>(query: Q, lease: JobLease): Q {
    return query.where('id', '=', lease.id).where('status', '=', 'running').where('attempts', '=', lease.attempt);
  }
}

function toJobRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload),
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    availableAt: Number(row.available_at),
    ...(row.dedupe_key !== null && { dedupeKey: row.dedupe_key }),
    ...(row.locked_by !== null && { lockedBy: row.locked_by }),
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}
