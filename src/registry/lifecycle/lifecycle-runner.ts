// Applies a repository's lifecycle policy: evaluates it on the repository as it is now
// (lifecycle/evaluate-lifecycle-policy.ts) and, unless it is a dry run, expires the images it selects
// through ImageService.expire, the path BatchDeleteImage takes, recording each in the audit log.
// Previews (lifecycle-preview-service.ts) are dry runs of this same code, so a preview and the run
// that follows it on an unchanged repository expire the same images.
// - Deletes follow the evaluation's order (an index before the manifests it lists), a hundred to a
//   transaction, each batch then recorded in the audit log. An image whose tags changed since the
//   evaluation, or that an index pushed since lists, is skipped and reported.
// - Bytes freed: the sizes of the blobs the expired images referenced that no manifest of any
//   repository references any more; garbage collection reclaims them later. A dry run predicts it by
//   leaving out the expiring images' references; a real run measures it after its deletes.
// Safe beside running servers and other runs: every batch re-checks each image inside its
// transaction, and an image already gone is skipped. (A crash between a batch's deletes and its audit
// entries loses those entries: the two live behind separate ports.)
import type { Logger } from 'pino';
import { evaluateLifecyclePolicy, type LifecycleImage } from '../../lifecycle/evaluate-lifecycle-policy.js';
import type { LifecycleAuditLog } from '../../lifecycle/lifecycle-audit-log.js';
import type { LifecycleImageSource, SizedBlob } from '../../lifecycle/lifecycle-image-source.js';
import type { LifecyclePolicy } from '../../lifecycle/lifecycle-policy.js';
import type { LifecycleStore } from '../../lifecycle/lifecycle-store.js';
import { parseLifecyclePolicy } from '../../lifecycle/parse-lifecycle-policy.js';
import type { ExpireOutcome, ImageService } from '../image-service.js';

/**
 * Expirations per metadata transaction: a commit (an fsync on SQLite) per image would cap a run at a
 * few hundred a second; a batch holds the write lock for tens of milliseconds only.
 */
const expireBatch = 100;

export interface LifecycleTarget {
  repositoryId: number;
  registryId: string;
  repositoryName: string;
  policyText: string;
}

export interface RunOptions {
  dryRun: boolean;
  /** Shared by the audit entries of one run. */
  runId: string;
  /** `schedule` or `cli`, recorded in the audit log. */
  initiatedBy: string;
  signal?: AbortSignal;
}

export interface ExpiredImage {
  imageDigest: string;
  imageTags: string[];
  imagePushedAt: number;
  appliedRulePriority: number;
}

export interface RepositoryRunReport {
  registryId: string;
  repositoryName: string;
  dryRun: boolean;
  evaluatedAt: number;
  /** Expired (or, in a dry run, to expire), in the order of the deletes. */
  expired: ExpiredImage[];
  /** Selected by a rule but left: their tags changed, an index now lists them, or they were gone already. */
  skipped: { imageDigest: string; reason: Exclude<ExpireOutcome, 'expired'> }[];
  /** Selected by a rule but kept because an index that stays lists them. */
  protectedByIndex: number;
  bytesFreed: number;
}

export interface LifecycleRunnerOptions {
  store: LifecycleStore;
  source: LifecycleImageSource;
  images: Pick<ImageService, 'expire'>;
  audit: LifecycleAuditLog;
  now: () => number;
  logger?: Logger;
}

export class LifecycleRunner {
  constructor(private readonly options: LifecycleRunnerOptions) {}

  async run(target: LifecycleTarget, options: RunOptions): Promise<RepositoryRunReport> {
    const { source } = this.options;
    const policy = parseLifecyclePolicy(target.policyText);
    const evaluatedAt = this.options.now();
    const images = await source.repositoryImages(target.repositoryId);
    const evaluation = evaluateLifecyclePolicy(policy, images, evaluatedAt);
    const byDigest = new Map(images.map((image) => [image.digest, image]));
    const selected = evaluation.expiring.map((expiration) => expiredImage(byDigest.get(expiration.digest)!, expiration.rulePriority));
    const expiringDigests = selected.map((image) => image.imageDigest);
    const candidates = await source.blobsReferencedBy(target.repositoryId, expiringDigests);
    const report = { registryId: target.registryId, repositoryName: target.repositoryName, dryRun: options.dryRun, evaluatedAt, protectedByIndex: evaluation.protectedByIndex.length };

    if (options.dryRun) {
      const stillReferenced = await source.referencedBlobs(
        candidates.map((blob) => blob.digest),
        { repositoryId: target.repositoryId, manifestDigests: new Set(expiringDigests) },
      );
      return { ...report, expired: selected, skipped: [], bytesFreed: unreferencedBytes(candidates, stillReferenced) };
    }

    const { expired, skipped } = await this.expire(target, policy, selected, options);
    await this.options.store.recordEvaluation(target.repositoryId, evaluatedAt);
    const stillReferenced = await source.referencedBlobs(candidates.map((blob) => blob.digest));
    const done = { ...report, expired, skipped, bytesFreed: unreferencedBytes(candidates, stillReferenced) };
    this.options.logger?.info(
      { registryId: target.registryId, repository: target.repositoryName, expired: expired.length, skipped: skipped.length, bytesFreed: done.bytesFreed, runId: options.runId },
      `lifecycle policy of ${target.repositoryName} expired ${expired.length} images`,
    );
    return done;
  }

  /** Deletes the selected images batch by batch, recording each batch's expirations in the audit log. */
  private async expire(target: LifecycleTarget, policy: LifecyclePolicy, selected: ExpiredImage[], options: RunOptions) {
    const address = { registryId: target.registryId, name: target.repositoryName };
    const descriptions = new Map(policy.rules.map((rule) => [rule.rulePriority, rule.description]));
    const expired: ExpiredImage[] = [];
    const skipped: RepositoryRunReport['skipped'] = [];
    for (let start = 0; start < selected.length; start += expireBatch) {
      options.signal?.throwIfAborted();
      const batch = selected.slice(start, start + expireBatch);
      const outcomes = await this.options.images.expire(address, batch.map((image) => ({ digest: image.imageDigest, tags: image.imageTags })));
      const done = batch.filter((image, index) => {
        const outcome = outcomes[index];
        if (outcome !== 'expired') skipped.push({ imageDigest: image.imageDigest, reason: outcome });
        return outcome === 'expired';
      });
      expired.push(...done);
      const expiredAt = this.options.now();
      await this.options.audit.record(
        done.map((image) => {
          const ruleDescription = descriptions.get(image.appliedRulePriority);
          return {
            registryId: target.registryId,
            repositoryName: target.repositoryName,
            ...image,
            ...(ruleDescription !== undefined && { ruleDescription }),
            expiredAt,
            runId: options.runId,
            initiatedBy: options.initiatedBy,
          };
        }),
      );
    }
    return { expired, skipped };
  }
}

function expiredImage(image: LifecycleImage, appliedRulePriority: number): ExpiredImage {
  return { imageDigest: image.digest, imageTags: [...image.tags], imagePushedAt: image.pushedAt, appliedRulePriority };
}

function unreferencedBytes(candidates: SizedBlob[], stillReferenced: Set<string>): number {
  return candidates.reduce((total, blob) => total + (stillReferenced.has(blob.digest) ? 0 : blob.sizeBytes), 0);
}
