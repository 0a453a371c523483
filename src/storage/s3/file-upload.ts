// Sends bytes from a local spill file to S3, as an object or as a part of a multipart upload, read
// from disk as a stream with its length known up front (S3 needs Content-Length; nothing is held in
// memory). The SDK never retries a streamed body, so this retries with a fresh stream of the file.
import { createReadStream } from 'node:fs';
import { PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { isRetryable } from './s3-errors.js';

const attempts = 3;
const firstBackoffMs = 200;
const readChunkBytes = 1024 * 1024;

export type UploadTarget =
  | { kind: 'object'; bucket: string; key: string; contentType?: string }
  | { kind: 'part'; bucket: string; key: string; multipartUploadId: string; partNumber: number };

export interface FileRange {
  path: string;
  startBytes: number;
  sizeBytes: number;
}

/** @returns the ETag S3 gave the object or part */
export async function uploadFile(client: S3Client, target: UploadTarget, file: FileRange, signal?: AbortSignal): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await uploadOnce(client, target, file, signal);
    } catch (error) {
      if (attempt >= attempts || signal?.aborted || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, firstBackoffMs * 2 ** (attempt - 1)));
    }
  }
}

async function uploadOnce(client: S3Client, target: UploadTarget, file: FileRange, signal?: AbortSignal): Promise<string> {
  const body =
    file.sizeBytes === 0
      ? Buffer.alloc(0)
      : createReadStream(file.path, { start: file.startBytes, end: file.startBytes + file.sizeBytes - 1, highWaterMark: readChunkBytes });
  const common = { Bucket: target.bucket, Key: target.key, Body: body, ContentLength: file.sizeBytes };
  try {
    if (target.kind === 'object') {
      const output = await client.send(new PutObjectCommand({ ...common, ContentType: target.contentType ?? 'application/octet-stream' }), { abortSignal: signal });
      return output.ETag ?? '';
    }
    const output = await client.send(new UploadPartCommand({ ...common, UploadId: target.multipartUploadId, PartNumber: target.partNumber }), {
      abortSignal: signal,
    });
    if (!output.ETag) throw new Error(`S3 returned no ETag for part ${target.partNumber} of ${target.key}`);
    return output.ETag;
  } finally {
    if (!Buffer.isBuffer(body)) body.destroy();
  }
}
