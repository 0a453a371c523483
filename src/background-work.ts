// Part of the composition root: the background work every node runs. Each node runs a scheduler and
// a job worker on the shared metadata database; the scheduler turns each occurrence of a periodic task
// into one job (exactly one node fires it), and whichever node's worker claims the job runs it (at
// least once: a job whose node dies is taken again when its lease expires).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { BerthConfig } from './config/berth-config.js';
import { JobWorker, type JobHandler } from './jobs/job-worker.js';
import { KyselyJobQueue } from './jobs/kysely-job-queue.js';
import { Scheduler, type ScheduledTask } from './jobs/scheduler.js';
import type { MetadataDatabase } from './metadata/metadata-database.js';
import type { MetadataStore } from './metadata/metadata-store.js';
import { UploadExpiry } from './registry/upload-expiry.js';
import type { BlobStore } from './storage/blob-store.js';

/** A subsystem's share of the background work: job handlers, and jobs to enqueue periodically. */
export interface BackgroundJobs {
  handlers: Record<string, JobHandler>;
  /** Each occurrence enqueues one job of `kind` (its dedupe key too), once per deployment; everyMs 0 turns it off. */
  periodic: { kind: string; everyMs: number }[];
}

export interface BackgroundWorkOptions {
  database: MetadataDatabase;
  metadata: MetadataStore;
  blobs: BlobStore;
  logger: Logger;
  uploadExpiry: BerthConfig['uploadExpiry'];
  subsystems?: BackgroundJobs[];
}

export interface BackgroundWork {
  /** Tells this node's worker a job was just enqueued (it would otherwise see it at its next poll). */
  wake(): void;
  /** Stops scheduling and claiming, and waits for the jobs in progress. */
  close(): Promise<void>;
}

const uploadExpiryJob = 'upload-expiry';

export function startBackgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const { database, metadata, blobs, logger } = options;
  const nodeId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const queue = new KyselyJobQueue(database);
  const expiry = new UploadExpiry(metadata, blobs, Date.now, {
    maxIdleMs: options.uploadExpiry.maxIdleMs,
    onError: (uploadId, error) => logger.warn({ err: error, uploadId }, 'could not remove an expired upload session'),
  });
  const subsystems = options.subsystems ?? [];
  const worker = new JobWorker({
    queue,
    workerId: nodeId,
    logger,
    handlers: {
      [uploadExpiryJob]: async (_job, signal) => {
        const result = await expiry.removeStale(signal);
        logger.info({ ...result, maxIdleMs: options.uploadExpiry.maxIdleMs }, `removed ${result.removed} expired upload sessions`);
      },
      ...Object.assign({}, ...subsystems.map((subsystem) => subsystem.handlers)),
    },
  });
  const tasks: ScheduledTask[] = [];
  if (options.uploadExpiry.checkEveryMs > 0) {
    tasks.push({
      name: uploadExpiryJob,
      intervalMs: options.uploadExpiry.checkEveryMs,
      // A sweep still queued or running covers this occurrence too.
      run: async () => {
        await queue.enqueue(uploadExpiryJob, {}, { dedupeKey: uploadExpiryJob });
        worker.wake();
      },
    });
  }
  for (const { kind, everyMs } of subsystems.flatMap((subsystem) => subsystem.periodic)) {
    if (everyMs <= 0) continue;
    tasks.push({
      name: kind,
      intervalMs: everyMs,
      run: async () => {
        await queue.enqueue(kind, {}, { dedupeKey: kind });
        worker.wake();
      },
    });
  }
  const scheduler = new Scheduler({ database, tasks, nodeId, logger });
  worker.start();
  scheduler.start();
  return {
    wake: () => worker.wake(),
    async close() {
      await scheduler.close();
      await worker.close();
    },
  };
}
