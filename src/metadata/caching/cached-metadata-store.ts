// The metadata port with the read cache in front (read-cache.ts): hot reads come from memory, every
// write through here invalidates what it changes, in this process at once and on the other nodes
// through the cache invalidation bus once the write has committed (cache-invalidation-bus.ts).
// Inside a transaction the invalidations run again after the commit, so a concurrent reader cannot
// re-cache a value the transaction replaced, and they are published only then.
import type {
  BlobClaim,
  BlobRecord,
  LayerPartsRecord,
  ManifestRecord,
  ManifestReference,
  MetadataStore,
  Page,
  ReferrerRecord,
  RepositoryRecord,
  UploadSessionRecord,
} from '../metadata-store.js';
import type { CacheInvalidation, CacheInvalidationBus } from './cache-invalidation-bus.js';
import type { ReadCache } from './read-cache.js';

export class CachedMetadataStore implements MetadataStore {
  constructor(
    private readonly inner: MetadataStore,
    private readonly cache: ReadCache,
    private readonly bus: CacheInvalidationBus,
    /** Set inside a transaction: invalidations to repeat and publish once it commits. */
    private readonly afterCommit?: CacheInvalidation[],
  ) {}

  async transaction<T>(work: (store: MetadataStore) => Promise<T>): Promise<T> {
    if (this.afterCommit) return work(this);
    const invalidations: CacheInvalidation[] = [];
    const result = await this.inner.transaction((store) => work(new CachedMetadataStore(store, this.cache, this.bus, invalidations)));
    if (invalidations.length > 0) {
      this.cache.forget(invalidations);
      await this.bus.publish(invalidations);
    }
    return result;
  }

  /**
   * Invalidates before the write and again after it (and after the commit, in a transaction), then
   * tells the other nodes. The write's caller hears back only once the message is sent, so a client
   * that wrote through this node and reads through another finds the new value.
   */
  private async invalidating<T>(change: CacheInvalidation, write: () => Promise<T>): Promise<T> {
    this.cache.forget([change]);
    try {
      return await write();
    } finally {
      this.cache.forget([change]);
      if (this.afterCommit) this.afterCommit.push(change);
      else await this.bus.publish([change]);
    }
  }

  defaultAccountId(): Promise<string> {
    return this.inner.defaultAccountId();
  }

  findRepository(registryId: string, name: string): Promise<RepositoryRecord | undefined> {
    return this.cache.repository(registryId, name, () => this.inner.findRepository(registryId, name));
  }

  ensureRepository(registryId: string, name: string, now: number): Promise<RepositoryRecord> {
    return this.inner.ensureRepository(registryId, name, now);
  }

  listRepositoryNames(registryId: string, page: Page): Promise<string[]> {
    return this.inner.listRepositoryNames(registryId, page);
  }

  findRepositoryBlob(repositoryId: number, digest: string): Promise<BlobRecord | undefined> {
    return this.cache.repositoryBlob(repositoryId, digest, () => this.inner.findRepositoryBlob(repositoryId, digest));
  }

  claimBlob(digest: string, now: number): Promise<BlobClaim | undefined> {
    return this.inner.claimBlob(digest, now);
  }

  linkBlob(repositoryId: number, blob: BlobRecord, now: number, claim?: BlobClaim): Promise<boolean> {
    return this.inner.linkBlob(repositoryId, blob, now, claim);
  }

  unlinkBlob(repositoryId: number, digest: string): Promise<boolean> {
    return this.invalidating(
      { kind: 'blob', repositoryId, digest },
      () => this.inner.unlinkBlob(repositoryId, digest),
    );
  }

  referencedDigests(repositoryId: number, digests: string[]): Promise<string[]> {
    return this.inner.referencedDigests(repositoryId, digests);
  }

  missingBlobs(repositoryId: number, digests: string[]): Promise<string[]> {
    return this.inner.missingBlobs(repositoryId, digests);
  }

  missingManifests(repositoryId: number, digests: string[]): Promise<string[]> {
    return this.inner.missingManifests(repositoryId, digests);
  }

  findManifest(repositoryId: number, digest: string): Promise<ManifestRecord | undefined> {
    return this.cache.manifest(repositoryId, digest, () => this.inner.findManifest(repositoryId, digest));
  }

  findTaggedManifest(repositoryId: number, tag: string): Promise<ManifestRecord | undefined> {
    return this.cache.taggedManifest(repositoryId, tag, () => this.inner.findTaggedManifest(repositoryId, tag));
  }

  putManifest(manifest: ManifestRecord, references: ManifestReference[]): Promise<void> {
    return this.inner.putManifest(manifest, references);
  }

  recordPull(repositoryId: number, digest: string, now: number): Promise<void> {
    // Cached records carry lastPulledAt: drop them so the next pull sees the new time, not a write.
    return this.invalidating(
      { kind: 'manifest', repositoryId, digest },
      () => this.inner.recordPull(repositoryId, digest, now),
    );
  }

  deleteManifest(repositoryId: number, digest: string): Promise<boolean> {
    return this.invalidating(
      { kind: 'manifest', repositoryId, digest },
      () => this.inner.deleteManifest(repositoryId, digest),
    );
  }

  indexesReferencing(repositoryId: number, digest: string): Promise<string[]> {
    return this.inner.indexesReferencing(repositoryId, digest);
  }

  listReferrers(repositoryId: number, subjectDigest: string, artifactType?: string): Promise<ReferrerRecord[]> {
    return this.inner.listReferrers(repositoryId, subjectDigest, artifactType);
  }

  findTag(repositoryId: number, tag: string): Promise<string | undefined> {
    return this.inner.findTag(repositoryId, tag);
  }

  tagsOf(repositoryId: number, manifestDigest: string): Promise<string[]> {
    return this.inner.tagsOf(repositoryId, manifestDigest);
  }

  putTag(repositoryId: number, tag: string, manifestDigest: string, now: number): Promise<void> {
    return this.invalidating(
      { kind: 'tag', repositoryId, tag },
      () => this.inner.putTag(repositoryId, tag, manifestDigest, now),
    );
  }

  deleteTag(repositoryId: number, tag: string): Promise<boolean> {
    return this.invalidating(
      { kind: 'tag', repositoryId, tag },
      () => this.inner.deleteTag(repositoryId, tag),
    );
  }

  listTags(repositoryId: number, page: Page): Promise<string[]> {
    return this.inner.listTags(repositoryId, page);
  }

  createUploadSession(session: UploadSessionRecord): Promise<void> {
    return this.inner.createUploadSession(session);
  }

  findUploadSession(id: string): Promise<UploadSessionRecord | undefined> {
    return this.inner.findUploadSession(id);
  }

  touchUploadSession(id: string, now: number): Promise<void> {
    return this.inner.touchUploadSession(id, now);
  }

  putLayerParts(id: string, parts: LayerPartsRecord): Promise<void> {
    return this.inner.putLayerParts(id, parts);
  }

  listStaleUploadSessions(olderThan: number, limit: number): Promise<UploadSessionRecord[]> {
    return this.inner.listStaleUploadSessions(olderThan, limit);
  }

  deleteUploadSession(id: string): Promise<void> {
    return this.inner.deleteUploadSession(id);
  }
}
