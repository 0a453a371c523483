// Part of the composition root: the lifecycle subsystem on an open metadata database — its stores,
// services, job handlers and the periodic run — for `berth serve` (app.ts) and `berth lifecycle`
// (cli/lifecycle-command.ts) alike.
import type { Logger } from 'pino';
import type { BackgroundJobs } from './background-work.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { LifecycleAuditLog } from './lifecycle/lifecycle-audit-log.js';
import type { LifecycleStore } from './lifecycle/lifecycle-store.js';
import { KyselyLifecycleAuditLog } from './metadata/kysely-lifecycle-audit-log.js';
import { KyselyLifecycleImageSource } from './metadata/kysely-lifecycle-image-source.js';
import { KyselyLifecycleStore } from './metadata/kysely-lifecycle-store.js';
import type { MetadataDatabase } from './metadata/metadata-database.js';
import type { MetadataStore } from './metadata/metadata-store.js';
import type { ImageService } from './registry/image-service.js';
import { lifecycleJobHandlers, lifecycleSweepJob } from './registry/lifecycle/lifecycle-jobs.js';
import { LifecyclePolicyService } from './registry/lifecycle/lifecycle-policy-service.js';
import { LifecyclePreviewService } from './registry/lifecycle/lifecycle-preview-service.js';
import { LifecycleRunner } from './registry/lifecycle/lifecycle-runner.js';
import type { RepositoryResolver } from './registry/repository-address.js';

export interface LifecycleOptions {
  database: MetadataDatabase;
  /** The registry's metadata port (behind the read cache in a server, so expirations invalidate it). */
  metadata: MetadataStore;
  repositories: RepositoryResolver;
  images: ImageService;
  jobs: JobQueue;
  /** How often every policy runs, once per deployment; 0 never (berth lifecycle run still does). */
  runEveryMs: number;
  wakeWorker?: () => void;
  logger: Logger;
  now?: () => number;
}

export interface Lifecycle {
  store: LifecycleStore;
  audit: LifecycleAuditLog;
  policies: LifecyclePolicyService;
  previews: LifecyclePreviewService;
  runner: LifecycleRunner;
  /** What the background worker and scheduler run for lifecycle. */
  background: BackgroundJobs;
}

export function composeLifecycle(options: LifecycleOptions): Lifecycle {
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ component: 'lifecycle' });
  const store = new KyselyLifecycleStore(options.database.db);
  const audit = new KyselyLifecycleAuditLog(options.database.db);
  const runner = new LifecycleRunner({ store, source: new KyselyLifecycleImageSource(options.database.db), images: options.images, audit, now, logger });
  const previews = new LifecyclePreviewService({
    store,
    runner,
    repositories: options.repositories,
    metadata: options.metadata,
    jobs: options.jobs,
    now,
    logger,
    ...(options.wakeWorker && { wakeWorker: options.wakeWorker }),
  });
  const handlers = lifecycleJobHandlers({ store, runner, previews, jobs: options.jobs, logger, ...(options.wakeWorker && { wakeWorker: options.wakeWorker }) });
  return {
    store,
    audit,
    policies: new LifecyclePolicyService(store, options.repositories, now),
    previews,
    runner,
    background: { handlers, periodic: [{ kind: lifecycleSweepJob, everyMs: options.runEveryMs }] },
  };
}
