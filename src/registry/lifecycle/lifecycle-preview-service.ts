// Lifecycle policy previews (service-2.json: StartLifecyclePolicyPreview, GetLifecyclePolicyPreview;
// ecr-behaviour.md §4.3). Starting one records it IN_PROGRESS and enqueues a job; the job, on
// whichever node claims it, runs the policy as a dry run of the lifecycle runner (the code a real run
// takes, so both agree) and stores the results, COMPLETE. A repository has one preview: starting a
// new one replaces the last, and none starts while one is in progress (the waiter
// `aws ecr wait lifecycle-policy-preview-complete` polls for COMPLETE or FAILED).
// A preview whose job was given up (or never enqueued, the node having died in between) is settled
// as FAILED when next looked at, so a repository is never stuck IN_PROGRESS.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { RegistryError } from '../../domain/registry-error.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { TagStatus } from '../../lifecycle/lifecycle-image-source.js';
import type { LifecycleStore, PositionedPreviewResult, PreviewRecord } from '../../lifecycle/lifecycle-store.js';
import { parseLifecyclePolicy } from '../../lifecycle/parse-lifecycle-policy.js';
import type { MetadataStore, RepositoryRecord } from '../../metadata/metadata-store.js';
import type { ImageId } from '../image-service.js';
import type { RepositoryAddress, RepositoryResolver } from '../repository-address.js';
import type { LifecycleRunner } from './lifecycle-runner.js';
import { lifecyclePolicyNotFound } from './lifecycle-policy-service.js';

export const lifecyclePreviewJob = 'lifecycle-preview';

export interface PreviewJobPayload {
  repositoryId: number;
  registryId: string;
  repositoryName: string;
  previewId: string;
}

export interface PreviewQuery {
  /** Only these images (a tag names the image it points at now). */
  imageIds?: ImageId[];
  afterPosition?: number;
  limit: number;
  tagStatus: TagStatus;
}

export interface PreviewPage {
  repository: RepositoryRecord;
  preview: PreviewRecord;
  results: PositionedPreviewResult[];
  /** Set when more results follow: the position to continue after. */
  nextAfterPosition?: number;
}

export interface LifecyclePreviewServiceOptions {
  store: LifecycleStore;
  runner: Pick<LifecycleRunner, 'run'>;
  repositories: RepositoryResolver;
  metadata: MetadataStore;
  jobs: Pick<JobQueue, 'enqueue' | 'find'>;
  /** Tells this node's job worker that a job is waiting, so the preview starts at once. */
  wakeWorker?: () => void;
  now: () => number;
  logger?: Logger;
}

/** How long a preview may stay without a job before it counts as abandoned (the start died midway). */
const enqueueGraceMs = 60_000;

export class LifecyclePreviewService {
  constructor(private readonly options: LifecyclePreviewServiceOptions) {}

  /** Without `text`, previews the repository's policy (LifecyclePolicyNotFoundException if it has none). */
  async start(address: RepositoryAddress, text?: string): Promise<{ repository: RepositoryRecord; policyText: string }> {
    const { store, jobs } = this.options;
    const repository = await this.options.repositories.existing(address);
    let policyText = text;
    if (policyText === undefined) {
      const policy = await store.findPolicy(repository.id);
      if (!policy) throw lifecyclePolicyNotFound(address);
      policyText = policy.text;
    }
    parseLifecyclePolicy(policyText);
    await this.settleAbandoned(repository.id);
    const previewId = randomUUID();
    const outcome = await store.startPreview({ repositoryId: repository.id, previewId, policyText, startedAt: this.options.now() });
    if (!outcome.started) throw previewInProgress(address);
    const payload: PreviewJobPayload = { repositoryId: repository.id, registryId: repository.registryId, repositoryName: repository.name, previewId };
    const job = await jobs.enqueue(lifecyclePreviewJob, payload, { dedupeKey: `${lifecyclePreviewJob}:${previewId}`, maxAttempts: 3 });
    await store.setPreviewJob(repository.id, previewId, job.id);
    this.options.wakeWorker?.();
    return { repository, policyText };
  }

  async get(address: RepositoryAddress, query: PreviewQuery): Promise<PreviewPage> {
    const { store } = this.options;
    const repository = await this.options.repositories.existing(address);
    await this.settleAbandoned(repository.id);
    const preview = await store.findPreview(repository.id);
    if (!preview) throw previewNotFound(address);
    if (preview.status !== 'COMPLETE') return { repository, preview, results: [] };
    const digests = query.imageIds && (await this.digestsOf(repository, query.imageIds));
    const found = await store.listPreviewResults(repository.id, {
      limit: query.limit + 1,
      tagStatus: query.tagStatus,
      ...(query.afterPosition !== undefined && { afterPosition: query.afterPosition }),
      ...(digests && { digests }),
    });
    const results = found.slice(0, query.limit);
    const more = found.length > query.limit;
    return { repository, preview, results, ...(more && { nextAfterPosition: results[results.length - 1].position }) };
  }

  /** The preview job: a dry run of the policy the preview was started with. Safe to run twice or late. */
  async run(payload: PreviewJobPayload, attempt: { attempt: number; maxAttempts: number }, signal?: AbortSignal): Promise<void> {
    const { store, now } = this.options;
    const preview = await store.findPreview(payload.repositoryId);
    if (!preview || preview.previewId !== payload.previewId || preview.status !== 'IN_PROGRESS') return;
    try {
      const report = await this.options.runner.run(
        { repositoryId: payload.repositoryId, registryId: payload.registryId, repositoryName: payload.repositoryName, policyText: preview.policyText },
        { dryRun: true, runId: `preview-${payload.previewId}`, initiatedBy: 'preview', ...(signal && { signal }) },
      );
      await store.completePreview(payload.repositoryId, payload.previewId, { results: report.expired, expiringBytes: report.bytesFreed, completedAt: now() });
      this.options.logger?.info(
        { repository: payload.repositoryName, expiring: report.expired.length, expiringBytes: report.bytesFreed },
        `lifecycle policy preview of ${payload.repositoryName}: ${report.expired.length} images, ${report.bytesFreed} bytes would go`,
      );
    } catch (error) {
      if (attempt.attempt >= attempt.maxAttempts) {
        await store.failPreview(payload.repositoryId, payload.previewId, error instanceof Error ? error.message : String(error), now());
      }
      throw error;
    }
  }

  /** An in-progress preview whose job failed for good, vanished, or never came: FAILED. */
  private async settleAbandoned(repositoryId: number): Promise<void> {
    const { store, jobs, now } = this.options;
    const preview = await store.findPreview(repositoryId);
    if (!preview || preview.status !== 'IN_PROGRESS') return;
    if (preview.jobId === undefined) {
      if (now() - preview.startedAt > enqueueGraceMs) await store.failPreview(repositoryId, preview.previewId, 'the preview was never queued', now());
      return;
    }
    const job = await jobs.find(preview.jobId);
    // failPreview changes nothing if the job completed the preview in the meantime.
    if (!job) await store.failPreview(repositoryId, preview.previewId, 'the preview job ended without a result', now());
    else if (job.status === 'failed') await store.failPreview(repositoryId, preview.previewId, job.lastError ?? 'the preview job failed', now());
  }

  private async digestsOf(repository: RepositoryRecord, ids: ImageId[]): Promise<string[]> {
    const digests = new Set<string>();
    for (const id of ids) {
      const digest = id.digest ?? (id.tag !== undefined ? await this.options.metadata.findTag(repository.id, id.tag) : undefined);
      if (digest !== undefined) digests.add(digest);
    }
    return [...digests];
  }
}

function previewNotFound(address: RepositoryAddress): RegistryError {
  return new RegistryError(
    'lifecycle-preview-not-found',
    `There is no lifecycle policy preview for the repository with name '${address.name}' in the registry with id '${address.registryId}'`,
  );
}

function previewInProgress(address: RepositoryAddress): RegistryError {
  return new RegistryError(
    'lifecycle-preview-in-progress',
    `The previous lifecycle policy preview request has not completed for the repository with name '${address.name}' in the registry with id '${address.registryId}'. Wait and try again.`,
  );
}
