// Expiry of abandoned blob uploads (distribution spec "Pushing blobs": a registry may drop upload
// sessions that see no activity). A client that starts an upload and never finishes leaves a metadata
// row and bytes in the blob store (a file, or an S3 multipart upload that S3 bills until aborted).
// Each run removes the sessions not touched for `maxIdleMs`, in bounded batches, least recently
// touched first: the bytes first, then the row. A run cut short (crash, error) therefore leaves at
// worst a row whose bytes are gone, which the next run finds and finishes (aborting an absent upload
// is not an error); the other order could leave bytes no row points at, which nothing would find.
// Safe to run on several nodes at once or twice in a row; the scheduler makes that rare, not wrong.
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { BlobStore } from '../storage/blob-store.js';

export interface UploadExpiryOptions {
  /** Sessions untouched for longer than this are removed (default 24 h). */
  maxIdleMs?: number;
  /** Sessions read and removed per batch (default 100). */
  batchSize?: number;
  /** Batches per run at most; what is left waits for the next run (default 50). */
  maxBatches?: number;
  /** Told about each session that could not be removed; the run goes on with the others. */
  onError?: (uploadId: string, error: unknown) => void;
}

export interface UploadExpiryResult {
  removed: number;
  failed: number;
  /** True when the batch limit stopped the run with stale sessions possibly left. */
  truncated: boolean;
}

export class UploadExpiry {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly blobs: BlobStore,
    private readonly now: () => number,
    private readonly options: UploadExpiryOptions = {},
  ) {}

  async removeStale(signal?: AbortSignal): Promise<UploadExpiryResult> {
    const batchSize = this.options.batchSize ?? 100;
    const maxBatches = this.options.maxBatches ?? 50;
    const failedIds = new Set<string>();
    let removed = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const olderThan = this.now() - (this.options.maxIdleMs ?? 24 * 3_600_000);
      // Sessions that failed this run come back in every listing: ask for enough to get past them.
      const limit = batchSize + failedIds.size;
      const stale = await this.metadata.listStaleUploadSessions(olderThan, limit);
      for (const session of stale) {
        if (failedIds.has(session.id)) continue;
        signal?.throwIfAborted();
        try {
          if (await this.removeIfStill(session.id, olderThan)) removed++;
        } catch (error) {
          failedIds.add(session.id);
          this.options.onError?.(session.id, error);
        }
      }
      if (stale.length < limit) return { removed, failed: failedIds.size, truncated: false };
    }
    return { removed, failed: failedIds.size, truncated: true };
  }

  /** A client may have touched the session since it was listed: then it is no longer ours to remove. */
  private async removeIfStill(uploadId: string, olderThan: number): Promise<boolean> {
    const session = await this.metadata.findUploadSession(uploadId);
    if (!session || session.updatedAt >= olderThan) return false;
    await this.blobs.abortUpload(uploadId);
    await this.metadata.deleteUploadSession(uploadId);
    return true;
  }
}
