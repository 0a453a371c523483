// The audit log of lifecycle expirations: one entry per image a lifecycle run deleted, with the rule
// that expired it (ECR logs the same to CloudTrail as PolicyExecutionEvent). Entries outlive their
// repository: they name it, they do not point at it. Adapter: metadata/kysely-lifecycle-audit-log.ts.

export interface ExpirationEntry {
  registryId: string;
  repositoryName: string;
  imageDigest: string;
  /** The tags the image carried when it was expired. */
  imageTags: string[];
  imagePushedAt: number;
  appliedRulePriority: number;
  ruleDescription?: string;
  expiredAt: number;
  /** Every expiration of one run shares it. */
  runId: string;
  /** What started the run: `schedule` or `cli`. */
  initiatedBy: string;
}

export interface AuditEntry extends ExpirationEntry {
  id: number;
}

export interface LifecycleAuditLog {
  /** Records the expirations of one batch of deletes. */
  record(entries: readonly ExpirationEntry[]): Promise<void>;
  /** Newest first; `beforeId` pages back in time. */
  list(query: { registryId?: string; repositoryName?: string; beforeId?: number; limit: number }): Promise<AuditEntry[]>;
}
