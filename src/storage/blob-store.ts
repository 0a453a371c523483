// The blob store port: content-addressed bytes and the upload sessions that produce them.
// Contract (every adapter passes storage/testing/blob-store-contract.ts):
// - A blob is written only through an upload session: append → commit(expected digest) → visible.
//   Commit verifies the digest computed while the bytes streamed in, and publishes atomically
//   (rename, or a conditional put): a reader never sees a partial blob.
// - One copy per digest, whatever the number of repositories: which repository may see a blob is
//   metadata's business, never the store's.
// - Nothing here buffers a blob in memory; reads and appends are streams.
import type { Readable } from 'node:stream';
import type { Digest, DigestAlgorithm } from '../domain/digest.js';

/** Inclusive byte range, as HTTP Range and Content-Range express it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface AppendOptions {
  /** Where the bytes go: must equal the upload's current size, else `upload-out-of-order`. */
  offsetBytes: number;
  body: Readable;
  /** When the client declared a length, fewer or more bytes fail with `size-invalid`. */
  expectedLengthBytes?: number;
  signal?: AbortSignal;
}

export interface BlobStore {
  /** Size of a committed blob, or undefined when the store does not hold it. */
  stat(digest: Digest): Promise<{ sizeBytes: number } | undefined>;
  /** Streams a committed blob, or one range of it. */
  read(digest: Digest, range?: ByteRange): Promise<Readable>;
  /**
   * Optional: a time-limited URL from which a client can fetch the committed blob directly (object
   * storage's presigned GET), so pulls need not stream through Berth. Stores without one omit it.
   */
  presignedReadUrl?(digest: Digest, expiresInSeconds: number): Promise<string>;
  /** Removes a committed blob; removing an absent one is not an error. */
  delete(digest: Digest): Promise<void>;

  /** Starts an empty upload. `algorithm` is the one hashed while streaming (sha256 unless the client asked otherwise). */
  beginUpload(uploadId: string, algorithm: DigestAlgorithm): Promise<void>;
  /**
   * Appends a chunk at `offsetBytes`. On any failure (client gone, wrong length, out of order) the
   * upload is left exactly as it was before the call, so the client can retry the chunk.
   * @returns the upload's size after the append
   */
  appendUpload(uploadId: string, options: AppendOptions): Promise<{ sizeBytes: number }>;
  /** Current size of an upload, or undefined when the store has no such upload. */
  uploadSize(uploadId: string): Promise<number | undefined>;
  /**
   * Verifies the upload's content against `expected` and publishes it as that blob; the upload is gone
   * afterwards. A mismatch throws `digest-mismatch` and discards the upload: nothing is stored.
   */
  commitUpload(uploadId: string, expected: Digest): Promise<{ sizeBytes: number }>;
  /** Discards an upload; discarding an absent one is not an error. */
  abortUpload(uploadId: string): Promise<void>;
}
