// The metadata port with the read cache in front (read-cache.ts): hot reads come from memory, every
// write through here invalidates what it changes. Inside a transaction the invalidations run again
// after the commit, so a concurrent reader cannot re-cache a value the transaction replaced.
import type {
  BlobRecord,
  ManifestRecord,
  ManifestReference,
  MetadataStore,
  Page,
  ReferrerRecord,
  RepositoryRecord,
  UploadSessionRecord,
} from '../metadata-store.js';
import type { ReadCache } from './read-cache.js';

export class CachedMetadataStore implements MetadataStore {
  constructor(
    private readonly inner: MetadataStore,
    private readonly cache: ReadCache,
    /** Set inside a transaction: invalidations to repeat once it commits. */
    private readonly afterCommit?: (() => void)[],
  ) {}

  async transaction<T>(work: (store: MetadataStore) => Promise<T>): Promise<T> {
    if (this.afterCommit) return work(this);
    const invalidations: (() => void)[] = [];
    const result = await this.inner.transaction((store) => work(new CachedMetadataStore(store, this.cache, invalidations)));
    for (const invalidate of invalidations) invalidate();
    return result;
  }

  /** Invalidates before the write and again after it (and after the commit, in a transaction). */
  private async invalidating<T>(change: () => void, write: () => Promise<T>): Promise<T> {
    change();
    try {
      return await write();
    } finally {
      change();
      this.afterCommit?.push(change);
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

  linkBlob(repositoryId: number, blob: BlobRecord, now: number): Promise<void> {
    return this.inner.linkBlob(repositoryId, blob, now);
  }

  unlinkBlob(repositoryId: number, digest: string): Promise<boolean> {
    return this.invalidating(
      () => this.cache.forgetBlob(repositoryId, digest),
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
      () => this.cache.forgetManifest(repositoryId, digest),
      () => this.inner.recordPull(repositoryId, digest, now),
    );
  }

  deleteManifest(repositoryId: number, digest: string): Promise<boolean> {
    return this.invalidating(
      () => this.cache.forgetManifest(repositoryId, digest),
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
      () => this.cache.forgetTag(repositoryId, tag),
      () => this.inner.putTag(repositoryId, tag, manifestDigest, now),
    );
  }

  deleteTag(repositoryId: number, tag: string): Promise<boolean> {
    return this.invalidating(
      () => this.cache.forgetTag(repositoryId, tag),
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

  listStaleUploadSessions(olderThan: number, limit: number): Promise<UploadSessionRecord[]> {
    return this.inner.listStaleUploadSessions(olderThan, limit);
  }

  deleteUploadSession(id: string): Promise<void> {
    return this.inner.deleteUploadSession(id);
  }
}
