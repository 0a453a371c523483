// An upload's record in S3 (uploads/<id>/state.json), rewritten after every successful append: the
// only state another node needs to continue the upload. Its write is an append's commit point:
// parts and tail segments an append uploaded before failing are not in the record, so they do not
// exist as far as the upload is concerned (a retry overwrites them; commit and abort delete them).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const uploadStateSchema = z.object({
  version: z.literal(1),
  algorithm: z.enum(['sha256', 'sha512']),
  sizeBytes: z.number().int().nonnegative(),
  /** Changes with every write: a node's local copy of the tail and hash is current only while it matches. */
  token: z.string().min(1),
  /** The S3 multipart upload of `uploads/<id>/data`, created when the first part is cut. */
  multipartUploadId: z.string().min(1).optional(),
  /** Parts 1..n of the multipart upload, in order; all but a last one of at least the S3 minimum. */
  parts: z.array(z.object({ partNumber: z.number().int().positive(), etag: z.string(), sizeBytes: z.number().int().positive() })),
  /** The bytes after the last part, as one object per append that left bytes there, in order. */
  tail: z.array(z.object({ offsetBytes: z.number().int().nonnegative(), sizeBytes: z.number().int().positive() })),
});

export type UploadState = z.infer<typeof uploadStateSchema>;
export type UploadPart = UploadState['parts'][number];
export type TailSegment = UploadState['tail'][number];

export function newUploadState(algorithm: UploadState['algorithm']): UploadState {
  return { version: 1, algorithm, sizeBytes: 0, token: randomUUID(), parts: [], tail: [] };
}

/** The state after an append: a fresh token, everything else as given. */
export function nextUploadState(state: UploadState, change: Pick<UploadState, 'sizeBytes' | 'parts' | 'tail' | 'multipartUploadId'>): UploadState {
  const { multipartUploadId, ...rest } = change;
  return { ...state, ...rest, ...(multipartUploadId !== undefined && { multipartUploadId }), token: randomUUID() };
}

export function parseUploadState(json: string): UploadState {
  return uploadStateSchema.parse(JSON.parse(json));
}

export function tailBytes(state: UploadState): number {
  return state.tail.reduce((sum, segment) => sum + segment.sizeBytes, 0);
}
