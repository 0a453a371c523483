// How the metadata adapters run a multi-statement write. The ports promise that a transaction's work
// runs as if no other writer of the same rows ran at the same time (metadata-store.ts): a manifest is
// stored only if its references still exist at commit, one of several pushes of a tag wins whole.
// - SQLite gives that by construction: one writer at a time, and within a process Kysely hands the
//   single connection to one transaction at a time.
// - PostgreSQL gives it with SERIALIZABLE isolation (SSI): when two transactions' reads and writes
//   cross, one is aborted with serialization_failure (40001) instead of both committing a state no
//   serial order could produce; a deadlock (40P01) also aborts one. READ COMMITTED, the default, would
//   let a push read a blob link that a concurrent delete removes, and commit a manifest without it.
//   Row locks (FOR SHARE / FOR UPDATE) could do the same only if every caller locked in the right
//   order, which the ports cannot express; SSI needs no cooperation from the callers.
// The aborted transaction is run again here, whole, on a fresh snapshot, after a short random pause,
// so callers only ever see their own errors. Hence the rule of the ports: a transaction's work may run
// more than once, and must have no effects outside the transaction.
import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import { isPostgres } from './migrations/dialect-types.js';

/** Ample: 20 concurrent writers of one row (pushes of one tag) need 7 tries at most in our tests. */
const maxAttempts = 40;
const maxBackoffMs = 100;

export async function serializableTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return db.transaction().execute(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(work);
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      // Full jitter: contenders of one row spread out instead of colliding again in lockstep.
      await delay(Math.random() * Math.min(maxBackoffMs, 2 ** attempt));
    }
  }
}

function isRetryable(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === '40001' || code === '40P01';
}
