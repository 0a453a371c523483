// The lifecycle subsystem's background jobs (jobs/job-queue.ts; at least once, so each is idempotent):
// - lifecycle-sweep: fired by the scheduler once per deployment per interval (default daily); lists
//   every repository with a policy and enqueues one lifecycle-repository job for each, so a large
//   deployment spreads over every node's worker and one repository's failure retries alone.
// - lifecycle-repository: applies the repository's current policy (lifecycle-runner.ts).
// - lifecycle-preview: computes a preview (lifecycle-preview-service.ts).
import type { Logger } from 'pino';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { JobHandler } from '../../jobs/job-worker.js';
import type { LifecycleStore } from '../../lifecycle/lifecycle-store.js';
import { lifecyclePreviewJob, type LifecyclePreviewService, type PreviewJobPayload } from './lifecycle-preview-service.js';
import type { LifecycleRunner } from './lifecycle-runner.js';

export const lifecycleSweepJob = 'lifecycle-sweep';
export const lifecycleRepositoryJob = 'lifecycle-repository';

interface RepositoryJobPayload {
  repositoryId: number;
  registryId: string;
  repositoryName: string;
  /** The sweep's run id, shared by the audit entries of every repository it covered. */
  runId: string;
}

export interface LifecycleJobsOptions {
  store: LifecycleStore;
  runner: LifecycleRunner;
  previews: LifecyclePreviewService;
  jobs: Pick<JobQueue, 'enqueue'>;
  wakeWorker?: () => void;
  logger: Logger;
}

const policiesPerPage = 500;

export function lifecycleJobHandlers(options: LifecycleJobsOptions): Record<string, JobHandler> {
  const { store, runner, jobs } = options;
  return {
    [lifecycleSweepJob]: async (job, signal) => {
      const runId = `schedule-${job.id}`;
      let enqueued = 0;
      for (let after: number | undefined; ; ) {
        signal.throwIfAborted();
        const page = await store.listPolicies({ limit: policiesPerPage, ...(after !== undefined && { afterRepositoryId: after }) });
        for (const policy of page) {
          const payload: RepositoryJobPayload = { repositoryId: policy.repositoryId, registryId: policy.registryId, repositoryName: policy.repositoryName, runId };
          // A repository's run still queued from the last sweep covers this one too.
          await jobs.enqueue(lifecycleRepositoryJob, payload, { dedupeKey: `${lifecycleRepositoryJob}:${policy.repositoryId}` });
          enqueued++;
        }
        if (page.length < policiesPerPage) break;
        after = page[page.length - 1].repositoryId;
      }
      options.logger.info({ runId, repositories: enqueued }, `lifecycle run ${runId}: ${enqueued} repositories with a policy queued`);
      options.wakeWorker?.();
    },
    [lifecycleRepositoryJob]: async (job, signal) => {
      const payload = job.payload as RepositoryJobPayload;
      // The policy as it is now; none if it, or its repository, was deleted since the sweep.
      const policy = await store.findPolicy(payload.repositoryId);
      if (!policy) return;
      await runner.run(
        { repositoryId: payload.repositoryId, registryId: payload.registryId, repositoryName: payload.repositoryName, policyText: policy.text },
        { dryRun: false, runId: payload.runId, initiatedBy: 'schedule', signal },
      );
    },
    [lifecyclePreviewJob]: (job, signal) => options.previews.run(job.payload as PreviewJobPayload, job, signal),
  };
}
