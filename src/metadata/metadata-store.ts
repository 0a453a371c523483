// The metadata port: everything the registry knows besides blob bytes. Listings, tag lookups and
// visibility checks are answered here, never by walking the blob store.
// Contract (every adapter passes metadata/testing/metadata-store-contract.ts):
// - `transaction` runs its work atomically and serializably with respect to other writers of the
//   same rows: a manifest is stored only if its references exist at commit time; of concurrent
//   pushes of one tag, one wins whole. An adapter may run the work again after a conflict with
//   another writer (PostgreSQL does: serializable-transaction.ts), so the work must have no effects
//   outside the store; callers see only their own errors.
// - Listings are in byte order of names ("ASCIIbetical", as the distribution spec asks).
import type { RepositorySettings } from '../domain/repository-settings.js';

export interface RepositoryRecord {
  id: number;
  registryId: string;
  name: string;
  createdAt: number;
  settings: RepositorySettings;
}

export interface BlobRecord {
  digest: string;
  sizeBytes: number;
}

/** Opaque: which incarnation of a blob record an upload claimed (metadata/migrations/007-garbage-collection.ts). */
export type BlobClaim = string & { readonly __brand: 'BlobClaim' };

export interface ManifestRecord {
  repositoryId: number;
  digest: string;
  mediaType: string;
  sizeBytes: number;
  content: Buffer;
  artifactType?: string;
  subjectDigest?: string;
  annotations?: Record<string, string>;
  pushedAt: number;
  lastPulledAt?: number;
  /** What ECR reports as imageSizeInBytes: the layers' total, or an index's largest child. */
  imageSizeBytes: number;
  configMediaType?: string;
}

export interface ManifestReference {
  digest: string;
  kind: 'blob' | 'manifest';
}

export interface ReferrerRecord {
  digest: string;
  mediaType: string;
  sizeBytes: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface UploadSessionRecord {
  id: string;
  repositoryId: number;
  algorithm: string;
  startedAt: number;
  updatedAt: number;
  /** ECR UploadLayerPart bookkeeping, once the session has received a part (registry/layer-part-ledger.ts). */
  layerParts?: LayerPartsRecord;
}

/** Bytes of an upload: where a part started and how many it had. */
export interface PartExtent {
  startByte: number;
  sizeBytes: number;
}

/** What ECR's part-size rule remembers of an upload: its last part, and the first too-small one. */
export interface LayerPartsRecord {
  lastPart: PartExtent;
  undersizedPart?: PartExtent;
}

export interface Page {
  /** Exclusive lower bound (the last name of the previous page). */
  after?: string;
  limit: number;
}

export interface MetadataStore {
  transaction<T>(work: (store: MetadataStore) => Promise<T>): Promise<T>;

  /** The account repositories belong to when a request names none; created on first start. */
  defaultAccountId(): Promise<string>;

  findRepository(registryId: string, name: string): Promise<RepositoryRecord | undefined>;
  /** Returns the repository, creating it if needed (concurrent callers get the same one). */
  ensureRepository(registryId: string, name: string, now: number): Promise<RepositoryRecord>;
  listRepositoryNames(registryId: string, page: Page): Promise<string[]>;

  findRepositoryBlob(repositoryId: number, digest: string): Promise<BlobRecord | undefined>;
  /**
   * Before an upload publishes a blob's bytes: records the digest (once globally) or touches it, so a
   * garbage collector leaves it alone for its grace period, and returns the claim `linkBlob` checks.
   * Undefined while a collector is deleting the blob: wait for it to finish, then claim again.
   */
  claimBlob(digest: string, now: number): Promise<BlobClaim | undefined>;
  /**
   * Makes the blob visible in the repository. With a claim (after publishing the bytes), only if no
   * collection marked the blob since the claim; without one, only if the blob is live, which the
   * caller has seen linked elsewhere in the same transaction (a mount). False when refused: the bytes
   * may be gone, and nothing was linked.
   */
  linkBlob(repositoryId: number, blob: BlobRecord, now: number, claim?: BlobClaim): Promise<boolean>;
  unlinkBlob(repositoryId: number, digest: string): Promise<boolean>;
  /** Digests among `digests` that manifests of the repository reference. */
  referencedDigests(repositoryId: number, digests: string[]): Promise<string[]>;
  /** Digests among `digests` that are not blobs visible in the repository. */
  missingBlobs(repositoryId: number, digests: string[]): Promise<string[]>;
  /** Digests among `digests` that are not manifests of the repository. */
  missingManifests(repositoryId: number, digests: string[]): Promise<string[]>;

  findManifest(repositoryId: number, digest: string): Promise<ManifestRecord | undefined>;
  /** The manifest a tag points at, in one lookup (the hottest read of a registry). */
  findTaggedManifest(repositoryId: number, tag: string): Promise<ManifestRecord | undefined>;
  /** Stores a manifest and what it references; storing the same digest again only refreshes nothing. */
  putManifest(manifest: ManifestRecord, references: ManifestReference[]): Promise<void>;
  /** Sets the manifest's lastPulledAt to `now`, never backwards; an unknown manifest is a no-op. */
  recordPull(repositoryId: number, digest: string, now: number): Promise<void>;
  /** Deletes a manifest, its references and every tag pointing at it. */
  deleteManifest(repositoryId: number, digest: string): Promise<boolean>;
  /** Digests of indexes in the repository that list the manifest as a child. */
  indexesReferencing(repositoryId: number, digest: string): Promise<string[]>;
  listReferrers(repositoryId: number, subjectDigest: string, artifactType?: string): Promise<ReferrerRecord[]>;

  findTag(repositoryId: number, tag: string): Promise<string | undefined>;
  /** The tags pointing at a manifest, in byte order (none for an untagged or unknown one). */
  tagsOf(repositoryId: number, manifestDigest: string): Promise<string[]>;
  putTag(repositoryId: number, tag: string, manifestDigest: string, now: number): Promise<void>;
  deleteTag(repositoryId: number, tag: string): Promise<boolean>;
  listTags(repositoryId: number, page: Page): Promise<string[]>;

  createUploadSession(session: UploadSessionRecord): Promise<void>;
  findUploadSession(id: string): Promise<UploadSessionRecord | undefined>;
  touchUploadSession(id: string, now: number): Promise<void>;
  /** Replaces the session's layer-part record; kept with the session, so any node continues it. No-op for an unknown session. */
  putLayerParts(id: string, parts: LayerPartsRecord): Promise<void>;
  /** Sessions last touched before `olderThan` (epoch ms), least recently touched first, at most `limit`. */
  listStaleUploadSessions(olderThan: number, limit: number): Promise<UploadSessionRecord[]>;
  deleteUploadSession(id: string): Promise<void>;
}
