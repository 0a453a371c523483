// The lifecycle store port: each repository's policy and its latest preview. One Kysely adapter
// (metadata/kysely-lifecycle-store.ts) on SQLite and PostgreSQL, held to
// metadata/testing/lifecycle-store-contract.ts. Contract:
// - A repository has at most one policy and one preview; both go when the repository is deleted.
// - startPreview is atomic: of concurrent starts on a repository, one wins, and none while a preview
//   is in progress (the loser learns which one is).
// - completePreview and failPreview answer for one preview (its previewId) and change nothing once
//   another preview replaced it or it is no longer in progress: a job that runs twice, or late, is harmless.
// - Preview results keep the order they were given in (`position`), and pages follow it.
import type { TagStatus } from './lifecycle-image-source.js';

export interface StoredLifecyclePolicy {
  repositoryId: number;
  /** Exactly the text PutLifecyclePolicy received. */
  text: string;
  updatedAt: number;
  /** When a lifecycle run last applied it; undefined when none has yet. */
  lastEvaluatedAt?: number;
}

/** A policy with the repository it belongs to (the scheduled run walks them all). */
export interface RepositoryLifecyclePolicy extends StoredLifecyclePolicy {
  registryId: string;
  repositoryName: string;
}

export type PreviewStatus = 'IN_PROGRESS' | 'COMPLETE' | 'FAILED';

export interface PreviewRecord {
  repositoryId: number;
  previewId: string;
  status: PreviewStatus;
  policyText: string;
  jobId?: number;
  startedAt: number;
  completedAt?: number;
  expiringImageCount?: number;
  expiringBytes?: number;
  failure?: string;
}

export interface PreviewResult {
  imageDigest: string;
  /** Empty for an untagged image. */
  imageTags: string[];
  imagePushedAt: number;
  appliedRulePriority: number;
}

export interface PositionedPreviewResult extends PreviewResult {
  position: number;
}

export interface PreviewResultQuery {
  /** Results after this position (the last one of the previous page). */
  afterPosition?: number;
  limit: number;
  tagStatus: TagStatus;
  /** Only these images. */
  digests?: string[];
}

export type StartPreviewOutcome = { started: true } | { started: false; inProgress: PreviewRecord };

export interface LifecycleStore {
  /** Creates or replaces the repository's policy. */
  putPolicy(repositoryId: number, text: string, now: number): Promise<void>;
  findPolicy(repositoryId: number): Promise<StoredLifecyclePolicy | undefined>;
  /** Removes the policy and returns what it was; undefined when there was none. */
  deletePolicy(repositoryId: number): Promise<StoredLifecyclePolicy | undefined>;
  /** Policies of every registry, by repository id, after `afterRepositoryId`. */
  listPolicies(page: { afterRepositoryId?: number; limit: number }): Promise<RepositoryLifecyclePolicy[]>;
  /** A run applied the policy at `at` (GetLifecyclePolicy's lastEvaluatedAt). */
  recordEvaluation(repositoryId: number, at: number): Promise<void>;

  /** Replaces the repository's preview (and its results) with a new one in progress, unless one is in progress. */
  startPreview(preview: { repositoryId: number; previewId: string; policyText: string; startedAt: number }): Promise<StartPreviewOutcome>;
  setPreviewJob(repositoryId: number, previewId: string, jobId: number): Promise<void>;
  findPreview(repositoryId: number): Promise<PreviewRecord | undefined>;
  /** Stores the results (in this order) and marks the preview complete; false when it is no longer this preview's to complete. */
  completePreview(
    repositoryId: number,
    previewId: string,
    outcome: { results: PreviewResult[]; expiringBytes: number; completedAt: number },
  ): Promise<boolean>;
  /** Marks the preview failed; false when it is no longer in progress or was replaced. */
  failPreview(repositoryId: number, previewId: string, failure: string, at: number): Promise<boolean>;
  listPreviewResults(repositoryId: number, query: PreviewResultQuery): Promise<PositionedPreviewResult[]>;
}
