// Part of the composition root: the background work every node runs. Each node runs a scheduler and
// a job worker on the shared metadata database; the scheduler turns each occurrence of a periodic task
// into one job (exactly one node fires it), and whichever node's worker claims the job runs it (at
// least once: a job whose node dies is taken again when its lease expires).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { BerthConfig } from './config/berth-config.js';
import { GarbageCollector } from './gc/garbage-collector.js';
import { describeProgress, describeResult, throttledProgress } from './gc/progress-report.js';
import { JobWorker } from './jobs/job-worker.js';
import { KyselyJobQueue } from './jobs/kysely-job-queue.js';
import { Scheduler, type ScheduledTask } from './jobs/scheduler.js';
import type { BlobCollectionStore } from './metadata/blob-collection.js';
import type { MetadataDatabase } from './metadata/metadata-database.js';
import type { MetadataStore } from './metadata/metadata-store.js';
import { UploadExpiry } from './registry/upload-expiry.js';
import type { BlobStore } from './storage/blob-store.js';

export interface BackgroundWorkOptions {
  database: MetadataDatabase;
  metadata: MetadataStore;
  blobs: BlobStore;
  /** Garbage collection's view of metadata (behind this node's read cache). */
  blobCollection: BlobCollectionStore;
  logger: Logger;
  uploadExpiry: BerthConfig['uploadExpiry'];
  gc: BerthConfig['gc'];
}

export interface BackgroundWork {
  /** Stops scheduling and claiming, and waits for the jobs in progress. */
  close(): Promise<void>;
}

const uploadExpiryJob = 'upload-expiry';
const garbageCollectionJob = 'garbage-collection';

export function startBackgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const { database, metadata, blobs, logger } = options;
  const nodeId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const queue = new KyselyJobQueue(database);
  const expiry = new UploadExpiry(metadata, blobs, Date.now, {
    maxIdleMs: options.uploadExpiry.maxIdleMs,
    onError: (uploadId, error) => logger.warn({ err: error, uploadId }, 'could not remove an expired upload session'),
  });
  const collector = new GarbageCollector(options.blobCollection, blobs);
  const worker = new JobWorker({
    queue,
    workerId: nodeId,
    logger,
    handlers: {
      [uploadExpiryJob]: async (_job, signal) => {
        const result = await expiry.removeStale(signal);
        logger.info({ ...result, maxIdleMs: options.uploadExpiry.maxIdleMs }, `removed ${result.removed} expired upload sessions`);
      },
      [garbageCollectionJob]: async (_job, signal) => {
        const result = await collector.collect({
          graceMs: options.gc.graceMs,
          signal,
          onProgress: throttledProgress(10_000, (progress) => logger.info({ gc: progress }, describeProgress(progress))),
        });
        logger.info({ gc: result }, `garbage collection: ${describeResult(result)}`);
      },
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
  if (options.gc.everyMs > 0) {
    tasks.push({
      name: garbageCollectionJob,
      intervalMs: options.gc.everyMs,
      run: async () => {
        await queue.enqueue(garbageCollectionJob, {}, { dedupeKey: garbageCollectionJob });
        worker.wake();
      },
    });
  }
  const scheduler = new Scheduler({ database, tasks, nodeId, logger });
  worker.start();
  scheduler.start();
  return {
    async close() {
      await scheduler.close();
      await worker.close();
    },
  };
}
