// What this process holds of the uploads it writes: the tail on local disk (a spill file) and, when it
// saw every byte, the running hash. A cache of the record in S3, valid only while the record's token is
// the one this process last wrote or read: after another node appended, the copy is dropped and
// rebuilt from S3. Node cannot serialize a hash state (streaming-hash.ts), so a node that did not see
// the first bytes cannot hash the rest; the commit then hashes the stored bytes once.
import type { Hash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { DigestAlgorithm } from '../../domain/digest.js';

export interface LocalUpload {
  /** The record token this copy matches. */
  token: string;
  tailPath: string;
  tailBytes: number;
  /** The digest state over every byte of the upload, when this process has it. */
  hash?: { algorithm: DigestAlgorithm; hash: Hash };
}

export class LocalUploads {
  private readonly uploads = new Map<string, LocalUpload>();

  /** The local copy, if it is current for the record with `token`. */
  current(uploadId: string, token: string): LocalUpload | undefined {
    const upload = this.uploads.get(uploadId);
    return upload?.token === token ? upload : undefined;
  }

  async set(uploadId: string, upload: LocalUpload): Promise<void> {
    const previous = this.uploads.get(uploadId);
    this.uploads.set(uploadId, upload);
    if (previous && previous.tailPath !== upload.tailPath) await rm(previous.tailPath, { force: true });
  }

  async forget(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId);
    this.uploads.delete(uploadId);
    if (upload) await rm(upload.tailPath, { force: true });
  }
}
