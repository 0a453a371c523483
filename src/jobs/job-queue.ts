// The job queue port: background work (upload expiry now; GC, lifecycle, scans, replication later)
// that any node may enqueue and exactly one node runs at a time.
// Contract (every adapter passes jobs/testing/job-queue-contract.ts):
// - A claim hands a job to one worker under a lease; until the lease expires no other claim returns
//   it. A worker whose node died never completes, its lease expires, and the job is claimed again:
//   delivery is at least once, so a job's work must be safe to run again (idempotent).
// - A claim counts an attempt. `fail` puts the job back (at `retryAt`, else after a backoff) until its
//   attempts reach `maxAttempts`; then, or when a lease expires on the last attempt, the job is
//   `failed` and kept for inspection, never claimed again.
// - `complete` and `fail` take the lease they answer for ({id, attempt}): once a lease has expired
//   and the job was claimed again, the old holder's answer changes nothing (it learns so).
// - A dedupeKey is held by at most one job that is pending or running: enqueueing with a held key
//   returns that job instead of adding one. (Running jobs hold it too, so a retry never meets a twin;
//   work that must see changes made during a run enqueues with a key naming the version it needs.)
// - Claims return the earliest available job of the given kinds (runAt, then enqueue order).

export interface EnqueueOptions {
  /** Epoch ms before which the job is not claimed (default: now). */
  runAt?: number;
  dedupeKey?: string;
  /** Claims before the job is given up (default: the queue's, 5). */
  maxAttempts?: number;
}

export interface EnqueuedJob {
  id: number;
  /** False when a pending or running job already held the dedupeKey: `id` is that job. */
  created: boolean;
}

/** What `complete` and `fail` answer for: one claim of one job. */
export interface JobLease {
  id: number;
  /** 1 for the first claim; what tells this lease from a later claim of the same job. */
  attempt: number;
}

export interface ClaimedJob extends JobLease {
  kind: string;
  payload: unknown;
  maxAttempts: number;
  leaseExpiresAt: number;
}

export type JobStatus = 'pending' | 'running' | 'failed';

export interface JobRecord {
  id: number;
  kind: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  /** Pending: when it may run; running: when its lease expires. */
  availableAt: number;
  dedupeKey?: string;
  lockedBy?: string;
  lastError?: string;
}

/** What became of a failed attempt: back in the queue, given up, or not ours any more. */
export type FailOutcome = 'retrying' | 'failed' | 'lease-lost';

export interface JobQueue {
  enqueue(kind: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueuedJob>;
  /** The next available job of one of `kinds`, leased to `workerId` for `leaseMs`; undefined when none is. */
  claim(workerId: string, kinds: readonly string[], leaseMs: number): Promise<ClaimedJob | undefined>;
  /** Removes the job; false when the lease was lost (expired and claimed again, or already answered). */
  complete(lease: JobLease): Promise<boolean>;
  fail(lease: JobLease, error: string, retryAt?: number): Promise<FailOutcome>;
  /** A pending, running or failed job (completed jobs are gone). */
  find(id: number): Promise<JobRecord | undefined>;
}
