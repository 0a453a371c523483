// Runs jobs of the kinds it has handlers for: claims while it has free slots (bounded concurrency),
// runs each under its lease, completes or fails it. Never throws into the process: a handler's error
// fails that job (the queue retries it), a database error is logged and the loop tries again later.
// close() stops claiming, aborts the handlers' signal and waits for them to settle; a job cut short
// is put back at once for any node to take.
// Leases are not extended: a handler must finish (or be safe to run twice) within `leaseMs`.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ClaimedJob, JobQueue } from './job-queue.js';

export type JobHandler = (job: ClaimedJob, signal: AbortSignal) => Promise<void>;

export interface JobWorkerOptions {
  queue: JobQueue;
  handlers: Record<string, JobHandler>;
  /** Identifies this worker in the jobs it holds (node and process). */
  workerId: string;
  logger: Logger;
  /** Jobs run at once (default 2). */
  concurrency?: number;
  /** How long a claimed job is ours before another node may take it (default 5 min). */
  leaseMs?: number;
  /** How often an idle worker looks for jobs enqueued by other nodes (default 5 s); wake() is sooner. */
  idlePollMs?: number;
  /** Pause after the queue itself failed (database unreachable), default 5 s. */
  errorPauseMs?: number;
}

export class JobWorker {
  private readonly logger: Logger;
  private readonly kinds: string[];
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private wakeUp?: () => void;
  private wakeRequested = false;
  private loop?: Promise<void>;

  constructor(private readonly options: JobWorkerOptions) {
    this.logger = options.logger.child({ component: 'job-worker', workerId: options.workerId });
    this.kinds = Object.keys(options.handlers);
  }

  start(): void {
    this.loop ??= this.runLoop();
  }

  /** Look for jobs now (something was just enqueued) rather than at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.wakeUp?.();
    await this.loop;
    await Promise.allSettled(this.running);
  }

  private async runLoop(): Promise<void> {
    const { queue, workerId } = this.options;
    const concurrency = this.options.concurrency ?? 2;
    const leaseMs = this.options.leaseMs ?? 300_000;
    while (!this.stopping.signal.aborted) {
      this.wakeRequested = false;
      try {
        while (this.running.size < concurrency && !this.stopping.signal.aborted) {
          const job = await queue.claim(workerId, this.kinds, leaseMs);
          if (!job) break;
          this.launch(job);
        }
      } catch (error) {
        this.logger.error({ err: error }, 'claiming jobs failed; trying again');
        await delay(this.options.errorPauseMs ?? 5000, undefined, { signal: this.stopping.signal, ref: false }).catch(() => undefined);
        continue;
      }
      await this.idle(this.options.idlePollMs ?? 5000);
    }
  }

  /** Until a slot frees, wake() or close() is called, or `ms` pass. */
  private idle(ms: number): Promise<void> {
    if (this.wakeRequested || this.stopping.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeUp = done;
    });
  }

  private launch(job: ClaimedJob): void {
    const run = this.runJob(job).finally(() => {
      this.running.delete(run);
      this.wakeUp?.();
    });
    this.running.add(run);
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    const { queue, handlers } = this.options;
    const signal = this.stopping.signal;
    const context = { jobId: job.id, kind: job.kind, attempt: job.attempt };
    const startedAt = Date.now();
    this.logger.debug(context, 'job started');
    try {
      await handlers[job.kind]!(job, signal);
      const completed = await queue.complete(job);
      if (completed) this.logger.info({ ...context, durationMs: Date.now() - startedAt }, 'job done');
      else this.logger.warn(context, 'job done after its lease expired; another worker may have run it too');
    } catch (error) {
      // Stopped mid-job: hand it back for anyone to take now rather than after a backoff.
      const message = signal.aborted ? 'worker stopped during the job' : error instanceof Error ? error.message : String(error);
      try {
        const outcome = await queue.fail(job, message, signal.aborted ? Date.now() : undefined);
        const log = outcome === 'failed' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
        log({ ...context, err: error, outcome, durationMs: Date.now() - startedAt }, 'job failed');
      } catch (queueError) {
        // The lease will expire and the job be taken again.
        this.logger.error({ ...context, err: queueError, jobError: message }, 'job failed and recording the failure failed too');
      }
    }
  }
}
