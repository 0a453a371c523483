// What lifecycle evaluation reads of the registry's metadata: a repository's images as the engine
// needs them, and which blobs an expiration would leave unreferenced (the bytes garbage collection
// can then reclaim). Implemented over the metadata database (metadata/kysely-lifecycle-image-source.ts),
// in a few set queries, never one query per image: a repository may hold 100,000 images.
import type { LifecycleImage } from './evaluate-lifecycle-policy.js';

/** ECR's tag status filter. */
export type TagStatus = 'TAGGED' | 'UNTAGGED' | 'ANY';

export interface SizedBlob {
  digest: string;
  sizeBytes: number;
}

export interface LifecycleImageSource {
  /** Every manifest of the repository with its tags (sorted), push and pull times and the manifests it lists. */
  repositoryImages(repositoryId: number): Promise<LifecycleImage[]>;
  /** The distinct blobs the given manifests of the repository reference. */
  blobsReferencedBy(repositoryId: number, manifestDigests: readonly string[]): Promise<SizedBlob[]>;
  /**
   * Those of `blobDigests` that some manifest, in any repository, references, not counting the
   * `excluding` manifests of one repository (the ones about to expire).
   */
  referencedBlobs(blobDigests: readonly string[], excluding?: { repositoryId: number; manifestDigests: ReadonlySet<string> }): Promise<Set<string>>;
}
