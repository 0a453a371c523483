// An upload's objects in S3 (see s3-layout.ts): its record, its tail segments, the multipart upload
// of its bytes. Everything another node needs to continue the upload is here, none of it in memory.
import type { Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { RegistryError } from '../../domain/registry-error.js';
import { isMissingObject, isMissingUpload, isUnsupported } from './s3-errors.js';
import type { S3Layout } from './s3-layout.js';
import { parseUploadState, type UploadState } from './upload-state.js';

/** DeleteObjects takes at most 1,000 keys. */
const deleteBatchKeys = 1000;

export class UploadRecords {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly layout: S3Layout,
  ) {}

  async read(uploadId: string): Promise<UploadState | undefined> {
    const key = this.layout.uploadState(uploadId);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return parseUploadState(await output.Body!.transformToString('utf8'));
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async require(uploadId: string): Promise<UploadState> {
    const state = await this.read(uploadId);
    if (!state) throw new RegistryError('upload-not-found', `unknown upload "${uploadId}"`);
    return state;
  }

  async write(uploadId: string, state: UploadState): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.layout.uploadState(uploadId),
        Body: JSON.stringify(state),
        ContentType: 'application/json',
      }),
    );
  }

  async createMultipartUpload(uploadId: string): Promise<string> {
    const output = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.layout.uploadData(uploadId) }));
    if (!output.UploadId) throw new Error('S3 returned no UploadId for a new multipart upload');
    return output.UploadId;
  }

  /**
   * Aborts the multipart upload; one already gone is not an error, nor a store without the
   * operation (s3rver): a bucket lifecycle rule (AbortIncompleteMultipartUpload) reclaims those parts.
   */
  async abortMultipartUpload(uploadId: string, multipartUploadId: string): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.layout.uploadData(uploadId), UploadId: multipartUploadId }),
      );
    } catch (error) {
      if (!isMissingUpload(error) && !isUnsupported(error)) throw error;
    }
  }

  /**
   * Writes the upload's tail segments, in order, to a new file at `targetPath`, feeding `hash` when
   * given: how a node that did not write the last append gets the tail back on its disk.
   */
  async downloadTail(uploadId: string, state: UploadState, targetPath: string, hash?: Hash): Promise<void> {
    const file = await open(targetPath, 'wx');
    try {
      let positionBytes = 0;
      for (const segment of state.tail) {
        const stream = await this.readObject(this.layout.uploadTail(uploadId, segment.offsetBytes));
        let received = 0;
        for await (const chunk of stream) {
          const bytes = chunk as Buffer;
          hash?.update(bytes);
          await file.write(bytes, 0, bytes.length, positionBytes + received);
          received += bytes.length;
        }
        if (received !== segment.sizeBytes) {
          throw new Error(`tail segment at ${segment.offsetBytes} of upload ${uploadId} has ${received} bytes, not ${segment.sizeBytes}`);
        }
        positionBytes += received;
      }
    } finally {
      await file.close();
    }
  }

  async readObject(key: string): Promise<Readable> {
    const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return output.Body as Readable;
  }

  /** Deletes the upload's objects, whatever they are (record, segments, failed appends' leftovers, data). */
  async deleteAll(uploadId: string): Promise<void> {
    const prefix = this.layout.upload(uploadId);
    let continuationToken: string | undefined;
    do {
      const listed = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(continuationToken && { ContinuationToken: continuationToken }) }),
      );
      const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
      for (let start = 0; start < keys.length; start += deleteBatchKeys) {
        const batch = keys.slice(start, start + deleteBatchKeys);
        const output = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        );
        const failed = output.Errors ?? [];
        if (failed.length > 0) throw new Error(`could not delete ${failed.length} objects of upload ${uploadId}: ${failed[0].Code} ${failed[0].Message}`);
      }
      continuationToken = listed.IsTruncated ? listed.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  /** Deletes tail segments a newer record no longer lists; failures only leave garbage for commit or abort. */
  async deleteSegments(uploadId: string, offsets: number[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.client
      .send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: offsets.map((offset) => ({ Key: this.layout.uploadTail(uploadId, offset) })), Quiet: true },
        }),
      )
      .catch(() => undefined);
  }
}
