// The metadata port of garbage collection (src/gc/): which blobs nothing needs any more, and the
// marking that keeps uploads and collectors from losing bytes to each other. The protocol and why it
// is safe are in docs/garbage-collection.md; in short:
// - A candidate is live, untouched (no claim, no link) since the cutoff, and referenced by no manifest
//   of any repository. `findCandidates` only reads; `markForDeletion` checks again in a serializable
//   transaction, unlinks the blob everywhere and marks it 'deleting' with a new incarnation, so that
//   a manifest committing a reference to it and the mark cannot both succeed, and an upload that
//   claimed it before the mark cannot link it after.
// - The bytes are deleted after the mark commits; the row goes last (`forgetDeleted`). A run that
//   stops in between leaves rows 'deleting', which `listBeingDeleted` hands to the next run.
import type { BlobClaim } from './metadata-store.js';

export interface CollectableBlob {
  digest: string;
  sizeBytes: number;
}

/** A blob a collector marked: `marking` is the incarnation its mark set. */
export interface MarkedBlob extends CollectableBlob {
  marking: BlobClaim;
  /** Repositories the mark unlinked it from (read caches forget it there). */
  unlinkedFrom: number[];
}

export interface BlobCollectionStore {
  /** Candidates in digest order after `page.after`, touched before `olderThan` (epoch ms). Reads only. */
  findCandidates(olderThan: number, page: { after?: string; limit: number }): Promise<CollectableBlob[]>;
  /** Marks those of `digests` that are still candidates, in one transaction; returns them. */
  markForDeletion(digests: string[], olderThan: number): Promise<MarkedBlob[]>;
  /** Blobs marked by a run that has not finished them, in digest order after `page.after`. */
  listBeingDeleted(page: { after?: string; limit: number }): Promise<MarkedBlob[]>;
  /** Removes the rows of blobs whose bytes are gone, where the mark is still that one; returns how many. */
  forgetDeleted(blobs: MarkedBlob[]): Promise<number>;
  /** Live blobs: how many, how many bytes. */
  totals(): Promise<{ blobs: number; sizeBytes: number }>;
}
