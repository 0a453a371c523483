// Garbage collection's share of the background work (background-work.ts): one job kind, fired on
// schedule once per deployment; whichever node's worker claims it collects, logging progress.
import type { Logger } from 'pino';
import type { BackgroundJobs } from '../background-work.js';
import type { GarbageCollector } from './garbage-collector.js';
import { describeProgress, describeResult, throttledProgress } from './progress-report.js';

const garbageCollectionJob = 'garbage-collection';

export function garbageCollectionJobs(collector: GarbageCollector, schedule: { everyMs: number; graceMs: number }, logger: Logger): BackgroundJobs {
  return {
    handlers: {
      [garbageCollectionJob]: async (_job, signal) => {
        const result = await collector.collect({
          graceMs: schedule.graceMs,
          signal,
          onProgress: throttledProgress(10_000, (progress) => logger.info({ gc: progress }, describeProgress(progress))),
        });
        logger.info({ gc: result }, `garbage collection: ${describeResult(result)}`);
      },
    },
    periodic: [{ kind: garbageCollectionJob, everyMs: schedule.everyMs }],
  };
}
