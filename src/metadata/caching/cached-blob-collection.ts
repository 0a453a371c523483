// The garbage collection port, making this process's read cache forget the links a mark removes: a
// blob HEAD answered from memory after its blob is gone would let a client skip an upload that its
// manifest then needs. (Other processes' caches forget on their own TTL or invalidation.)
import type { BlobCollectionStore, CollectableBlob, MarkedBlob } from '../blob-collection.js';
import type { ReadCache } from './read-cache.js';

export class CachedBlobCollection implements BlobCollectionStore {
  constructor(
    private readonly inner: BlobCollectionStore,
    private readonly cache: ReadCache,
  ) {}

  findCandidates(olderThan: number, page: { after?: string; limit: number }): Promise<CollectableBlob[]> {
    return this.inner.findCandidates(olderThan, page);
  }

  async markForDeletion(digests: string[], olderThan: number): Promise<MarkedBlob[]> {
    const marked = await this.inner.markForDeletion(digests, olderThan);
    for (const blob of marked) for (const repositoryId of blob.unlinkedFrom) this.cache.forgetBlob(repositoryId, blob.digest);
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
