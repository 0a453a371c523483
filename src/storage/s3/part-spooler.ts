// The sink of an append: bytes go to spill files on local disk, never to memory; each file that
// reaches the part size is handed to S3 as one part while the next fills. What is left when the body
// ends (less than a part) is the upload's new tail, kept on disk for the next append or the commit.
//
// The first file is the upload's existing tail, appended in place, so a part can start with bytes of
// earlier chunks. rollback() restores exactly the state before the append: the first file truncated
// back, every other file removed, part uploads still running aborted. Parts that did reach S3 are
// harmless: they are not in the upload's record, and the retry overwrites their part numbers.
import { randomUUID } from 'node:crypto';
import { open, rm, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { RegistryError } from '../../domain/registry-error.js';
import type { UploadPart } from './upload-state.js';

/** S3 numbers parts 1 to 10,000. */
const maxPartNumber = 10_000;

export interface SpilledPart {
  partNumber: number;
  path: string;
  sizeBytes: number;
  signal: AbortSignal;
}

export interface PartSpoolerOptions {
  /** The upload's tail file and its size: bytes after the last part, appended to in place. */
  tailPath: string;
  tailBytes: number;
  /** Where the spooler creates its spill files. */
  directory: string;
  partSizeBytes: number;
  firstPartNumber: number;
  /** Part uploads running at once; more bytes wait (bounding disk use to this many parts, plus one). */
  partsInFlight: number;
  /** Uploads one file as a part; resolves to its ETag. */
  uploadPart(part: SpilledPart): Promise<string>;
}

export interface SpoolResult {
  /** Parts this append uploaded, in order. */
  parts: UploadPart[];
  /** The new tail: the first file when no part was cut, else the last spill file. */
  tailPath: string;
  tailBytes: number;
}

export class PartSpooler extends Writable {
  private file?: FileHandle;
  private filePath: string;
  private fileBytes: number;
  private nextPartNumber: number;
  private readonly parts: UploadPart[] = [];
  private readonly createdFiles: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly aborter = new AbortController();
  private failure?: unknown;

  constructor(private readonly options: PartSpoolerOptions) {
    super();
    this.filePath = options.tailPath;
    this.fileBytes = options.tailBytes;
    this.nextPartNumber = options.firstPartNumber;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.filePath, 'r+').then((handle) => {
      this.file = handle;
      callback();
    }, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.spool(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finish().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.aborter.abort();
    const file = this.file;
    this.file = undefined;
    (file ? file.close() : Promise.resolve()).then(() => callback(error), () => callback(error));
  }

  /** After the stream finished: the parts and the new tail. */
  result(): SpoolResult {
    const parts = [...this.parts].sort((a, b) => a.partNumber - b.partNumber);
    return { parts, tailPath: this.filePath, tailBytes: this.fileBytes };
  }

  /** Undoes the append on local disk, once the stream failed or its record could not be written. */
  async rollback(): Promise<void> {
    // Destroying closes the file once its pending writes are done; only then is truncating final.
    if (!this.closed) {
      const closed = new Promise((resolve) => this.once('close', resolve));
      this.destroy();
      await closed;
    }
    await Promise.allSettled(this.running);
    await truncate(this.options.tailPath, this.options.tailBytes);
    await Promise.all(this.createdFiles.map((path) => rm(path, { force: true })));
  }

  private async spool(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.failure) throw this.failure;
      if (this.fileBytes >= this.options.partSizeBytes) await this.cut();
      const piece = chunk.subarray(offset, offset + this.options.partSizeBytes - this.fileBytes);
      await writeFully(this.file!, piece, this.fileBytes);
      this.fileBytes += piece.length;
      offset += piece.length;
    }
  }

  private async finish(): Promise<void> {
    // A tail is always shorter than a part: one that is full now becomes a part.
    if (this.fileBytes >= this.options.partSizeBytes) await this.cut();
    await Promise.allSettled(this.running);
    await this.file!.close();
    this.file = undefined;
    if (this.failure) throw this.failure;
  }

  /** Sends the current file as the next part and continues in a new one. */
  private async cut(): Promise<void> {
    if (this.nextPartNumber > maxPartNumber) {
      throw new RegistryError('size-invalid', `the upload needs more than ${maxPartNumber} parts of ${this.options.partSizeBytes} bytes`);
    }
    await this.file!.close();
    this.file = undefined;
    const part: SpilledPart = { partNumber: this.nextPartNumber++, path: this.filePath, sizeBytes: this.fileBytes, signal: this.aborter.signal };
    const uploaded = this.options
      .uploadPart(part)
      .then(async (etag) => {
        this.parts.push({ partNumber: part.partNumber, etag, sizeBytes: part.sizeBytes });
        // The old tail is kept for rollback; a file of this append is not needed once in S3.
        if (part.path !== this.options.tailPath) await rm(part.path, { force: true });
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.running.delete(uploaded));
    this.running.add(uploaded);

    this.filePath = join(this.options.directory, `${randomUUID()}.spill`);
    this.createdFiles.push(this.filePath);
    const next = await open(this.filePath, 'wx');
    if (this.destroyed) {
      await next.close();
      throw new Error('the append was abandoned');
    }
    this.file = next;
    this.fileBytes = 0;
    while (this.running.size >= this.options.partsInFlight) await Promise.race(this.running);
  }
}

async function writeFully(file: FileHandle, bytes: Buffer, positionBytes: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await file.write(bytes, written, bytes.length - written, positionBytes + written);
    written += bytesWritten;
  }
}
