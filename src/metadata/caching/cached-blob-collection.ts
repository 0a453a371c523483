// The garbage collection port, making read caches forget the links a mark removes: a blob HEAD
// answered from memory after its blob is gone would let a client skip an upload that its manifest
// then needs. This node forgets at once, the others through the invalidation bus (a `berth gc`
// process on SQLite has nobody to tell: the server's entries expire with their TTL).
import type { BlobCollectionStore, CollectableBlob, MarkedBlob } from '../blob-collection.js';
import type { CacheInvalidation, CacheInvalidationBus } from './cache-invalidation-bus.js';
import type { ReadCache } from './read-cache.js';

export class CachedBlobCollection implements BlobCollectionStore {
  constructor(
    private readonly inner: BlobCollectionStore,
    private readonly cache: ReadCache,
    private readonly bus: CacheInvalidationBus,
  ) {}

  findCandidates(olderThan: number, page: { after?: string; limit: number }): Promise<CollectableBlob[]> {
    return this.inner.findCandidates(olderThan, page);
  }

  async markForDeletion(digests: string[], olderThan: number): Promise<MarkedBlob[]> {
    const marked = await this.inner.markForDeletion(digests, olderThan);
    const unlinked: CacheInvalidation[] = marked.flatMap((blob) =>
      blob.unlinkedFrom.map((repositoryId) => ({ kind: 'blob' as const, repositoryId, digest: blob.digest })),
    );
    this.cache.forget(unlinked);
    await this.bus.publish(unlinked);
    return marked;
  }

  listBeingDeleted(page: { after?: string; limit: number }): Promise<MarkedBlob[]> {
    return this.inner.listBeingDeleted(page);
  }

  forgetDeleted(blobs: MarkedBlob[]): Promise<number> {
    return this.inner.forgetDeleted(blobs);
  }

  totals(): Promise<{ blobs: number; sizeBytes: number }> {
    return this.inner.totals();
  }
}
