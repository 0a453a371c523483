// Blob store on S3 or an S3-compatible object store (layout in s3-layout.ts).
// - An upload is an S3 multipart upload of its bytes. An append streams through the hasher into
//   spill files on local disk; every part-size file becomes a part (part-spooler.ts). The rest, less
//   than a part, is the tail: kept on disk for the next append and also written to S3 as a segment, so
//   that any node can continue the upload from S3 alone. The record (upload-state.ts), written last,
//   is the append's commit point; a failed append leaves the record, the tail file and so the upload
//   exactly as before.
// - Commit verifies the digest hashed while streaming before anything is published: a blob without
//   parts is put once under its key; otherwise the tail becomes the last part, the multipart upload
//   completes under uploads/<id>/data and is copied server-side under the blob key. Commit on a node
//   that did not see every byte hashes the completed object once (a multipart upload's parts cannot
//   be read before it completes).
// - S3 objects appear whole or not at all, so readers never see a partial blob; two commits of the same
//   content write the same bytes under the same key, so the race needs no conditional write.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompleteMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { digestFromHex, type Digest, type DigestAlgorithm } from '../../domain/digest.js';
import { RegistryError } from '../../domain/registry-error.js';
import type { AppendOptions, BlobStore, ByteRange } from '../blob-store.js';
import { HashingCounter } from '../streaming-hash.js';
import { uploadFile } from './file-upload.js';
import { LocalUploads, type LocalUpload } from './local-uploads.js';
import { copyObject } from './object-copy.js';
import { PartSpooler } from './part-spooler.js';
import { presignGetObject } from './presign-get-object.js';
import { connectS3, type S3ConnectionOptions } from './s3-client.js';
import { isMissingObject } from './s3-errors.js';
import { normalizePrefix, S3Layout } from './s3-layout.js';
import { UploadLocks } from '../upload-locks.js';
import { UploadRecords } from './upload-records.js';
import { newUploadState, tailBytes, type UploadState } from './upload-state.js';

/** S3's smallest part (all but the last). */
export const minPartSizeBytes = 5 * 1024 * 1024;
const defaultPartSizeBytes = 8 * 1024 * 1024;
const defaultPartsInFlight = 4;
const readChunkBytes = 1024 * 1024;

export interface S3BlobStoreOptions extends S3ConnectionOptions {
  /** Key prefix inside the bucket ('' or absent: the bucket's root). */
  prefix?: string;
  /** Local directory for tails and parts on their way to S3; the store works in its own subdirectory. */
  spillDirectory: string;
  /** At least 5 MiB (default 8 MiB); S3's 10,000 parts then bound a blob to 10,000 × this. */
  partSizeBytes?: number;
  /** Part uploads running at once per append (default 4); disk use per append is this plus one part. */
  partsInFlight?: number;
}

/** Stands in for the hash on a node that did not see the upload's first bytes: counts only. */
const notHashing = { update: () => notHashing } as unknown as Hash;

export class S3BlobStore implements BlobStore {
  private readonly local = new LocalUploads();
  private readonly locks = new UploadLocks();
  private readonly records: UploadRecords;

  private constructor(
    private readonly client: S3Client,
    private readonly layout: S3Layout,
    private readonly options: S3BlobStoreOptions & { partSizeBytes: number; partsInFlight: number },
    private readonly spillDirectory: string,
  ) {
    this.records = new UploadRecords(client, options.bucket, layout);
  }

  /** Connects, checks that the bucket is reachable, and makes this instance's spill directory. */
  static async open(options: S3BlobStoreOptions): Promise<S3BlobStore> {
    const partSizeBytes = options.partSizeBytes ?? defaultPartSizeBytes;
    if (!Number.isInteger(partSizeBytes) || partSizeBytes < minPartSizeBytes || partSizeBytes > 5 * 1024 ** 3) {
      throw new RangeError(`partSizeBytes must be an integer from ${minPartSizeBytes} (5 MiB) to 5 GiB`);
    }
    const partsInFlight = options.partsInFlight ?? defaultPartsInFlight;
    if (!Number.isInteger(partsInFlight) || partsInFlight < 1) throw new RangeError('partsInFlight must be a positive integer');
    const client = await connectS3(options);
    await mkdir(options.spillDirectory, { recursive: true });
    const spillDirectory = await mkdtemp(join(options.spillDirectory, 'berth-s3-spill-'));
    const layout = new S3Layout(normalizePrefix(options.prefix));
    return new S3BlobStore(client, layout, { ...options, partSizeBytes, partsInFlight }, spillDirectory);
  }

  /** Releases the client's connections and removes this instance's spill files. */
  async close(): Promise<void> {
    this.client.destroy();
    await rm(this.spillDirectory, { recursive: true, force: true });
  }

  async stat(digest: Digest): Promise<{ sizeBytes: number } | undefined> {
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.layout.blob(digest) }));
      return { sizeBytes: output.ContentLength ?? 0 };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async read(digest: Digest, range?: ByteRange): Promise<Readable> {
    try {
      const output = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.layout.blob(digest),
          ...(range && { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      return output.Body as Readable;
    } catch (error) {
      if (isMissingObject(error)) throw new RegistryError('blob-not-found', `blob ${digest.value} is not in storage`);
      throw error;
    }
  }

  /**
   * A URL that GETs the blob straight from the object store until it expires, for pulls redirected
   * there instead of streamed through Berth. Whether the blob exists is not checked (metadata knows).
   */
  presignedReadUrl(digest: Digest, expiresInSeconds: number): Promise<string> {
    return presignGetObject(this.client, {
      bucket: this.options.bucket,
      key: this.layout.blob(digest),
      forcePathStyle: this.options.forcePathStyle ?? false,
      ...(this.options.endpoint !== undefined && { endpoint: this.options.endpoint }),
      expiresInSeconds,
    });
  }

  async delete(digest: Digest): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.layout.blob(digest) }));
  }

  async beginUpload(uploadId: string, algorithm: DigestAlgorithm): Promise<void> {
    const state = newUploadState(algorithm);
    const tailPath = this.newSpillPath();
    await (await open(tailPath, 'wx')).close();
    await this.records.write(uploadId, state);
    await this.local.set(uploadId, { token: state.token, tailPath, tailBytes: 0, hash: { algorithm, hash: createHash(algorithm) } });
  }

  async uploadSize(uploadId: string): Promise<number | undefined> {
    return (await this.records.read(uploadId))?.sizeBytes;
  }

  async appendUpload(uploadId: string, options: AppendOptions): Promise<{ sizeBytes: number }> {
    return this.locks.exclusively(uploadId, () => this.appendNow(uploadId, options));
  }

  async commitUpload(uploadId: string, expected: Digest): Promise<{ sizeBytes: number }> {
    return this.locks.exclusively(uploadId, () => this.commitNow(uploadId, expected));
  }

  async abortUpload(uploadId: string): Promise<void> {
    const state = await this.records.read(uploadId);
    await this.discard(uploadId, state);
  }

  private async appendNow(uploadId: string, options: AppendOptions): Promise<{ sizeBytes: number }> {
    const state = await this.records.require(uploadId);
    if (state.sizeBytes !== options.offsetBytes) {
      throw new RegistryError('upload-out-of-order', `chunk starts at ${options.offsetBytes} but the upload has ${state.sizeBytes} bytes`, {
        sizeBytes: state.sizeBytes,
      });
    }
    const local = await this.localCopy(uploadId, state);
    // Hash into a copy: if the chunk fails half way, the kept state still matches the kept bytes.
    const working = local.hash?.hash.copy();
    const counter = new HashingCounter(working ?? notHashing, options.expectedLengthBytes);
    let creating: Promise<string> | undefined;
    let created: string | undefined;
    const multipartUploadId = () =>
      (creating ??= state.multipartUploadId
        ? Promise.resolve(state.multipartUploadId)
        : this.records.createMultipartUpload(uploadId).then((id) => (created = id)));
    const spooler = new PartSpooler({
      tailPath: local.tailPath,
      tailBytes: local.tailBytes,
      directory: this.spillDirectory,
      partSizeBytes: this.options.partSizeBytes,
      partsInFlight: this.options.partsInFlight,
      firstPartNumber: state.parts.length + 1,
      uploadPart: async (part) =>
        uploadFile(
          this.client,
          { kind: 'part', bucket: this.options.bucket, key: this.layout.uploadData(uploadId), multipartUploadId: await multipartUploadId(), partNumber: part.partNumber },
          { path: part.path, startBytes: 0, sizeBytes: part.sizeBytes },
          part.signal,
        ),
    });

    let next: UploadState;
    try {
      await pipeline(options.body, counter, spooler, { signal: options.signal });
      const spooled = spooler.result();
      const sizeBytes = state.sizeBytes + counter.bytes;
      // The new tail in S3: only this append's bytes when no part was cut, else the whole new tail.
      const cut = spooled.parts.length > 0;
      const segment = cut
        ? { offsetBytes: sizeBytes - spooled.tailBytes, startBytes: 0, sizeBytes: spooled.tailBytes }
        : { offsetBytes: state.sizeBytes, startBytes: local.tailBytes, sizeBytes: spooled.tailBytes - local.tailBytes };
      if (segment.sizeBytes > 0) {
        await uploadFile(
          this.client,
          { kind: 'object', bucket: this.options.bucket, key: this.layout.uploadTail(uploadId, segment.offsetBytes) },
          { path: spooled.tailPath, startBytes: segment.startBytes, sizeBytes: segment.sizeBytes },
        );
      }
      const kept = cut ? [] : state.tail;
      next = {
        ...state,
        token: randomUUID(),
        sizeBytes,
        ...(creating && { multipartUploadId: await creating }),
        parts: [...state.parts, ...spooled.parts],
        tail: segment.sizeBytes > 0 ? [...kept, { offsetBytes: segment.offsetBytes, sizeBytes: segment.sizeBytes }] : kept,
      };
      await this.records.write(uploadId, next);
    } catch (error) {
      await spooler.rollback();
      if (created) await this.records.abortMultipartUpload(uploadId, created).catch(() => undefined);
      throw error;
    }

    const { tailPath, tailBytes: newTailBytes } = spooler.result();
    await this.local.set(uploadId, {
      token: next.token,
      tailPath,
      tailBytes: newTailBytes,
      ...(local.hash && working && { hash: { algorithm: local.hash.algorithm, hash: working } }),
    });
    if (next.parts.length > state.parts.length) {
      await this.records.deleteSegments(uploadId, state.tail.map((segment) => segment.offsetBytes));
    }
    return { sizeBytes: next.sizeBytes };
  }

  private async commitNow(uploadId: string, expected: Digest): Promise<{ sizeBytes: number }> {
    const state = await this.records.require(uploadId);
    const local = await this.localCopy(uploadId, state);
    if (state.parts.length === 0) {
      // Every byte is in the local tail file: verify, then put it under the blob key.
      const actual =
        local.hash?.algorithm === expected.algorithm ? digestOf(local.hash.hash, expected.algorithm) : await hashStream(createReadStream(local.tailPath, { highWaterMark: readChunkBytes }), expected.algorithm);
      await this.verify(uploadId, state, expected, actual);
      if (!(await this.stat(expected))) {
        await uploadFile(
          this.client,
          { kind: 'object', bucket: this.options.bucket, key: this.layout.blob(expected) },
          { path: local.tailPath, startBytes: 0, sizeBytes: local.tailBytes },
        );
      }
      await this.discard(uploadId, state);
      return { sizeBytes: state.sizeBytes };
    }

    let actual = local.hash?.algorithm === expected.algorithm ? digestOf(local.hash.hash, expected.algorithm) : undefined;
    if (actual) {
      await this.verify(uploadId, state, expected, actual);
      if (await this.stat(expected)) {
        await this.discard(uploadId, state);
        return { sizeBytes: state.sizeBytes };
      }
    }
    const dataKey = this.layout.uploadData(uploadId);
    const parts = [...state.parts];
    if (local.tailBytes > 0) {
      const partNumber = parts.length + 1;
      const etag = await uploadFile(
        this.client,
        { kind: 'part', bucket: this.options.bucket, key: dataKey, multipartUploadId: state.multipartUploadId!, partNumber },
        { path: local.tailPath, startBytes: 0, sizeBytes: local.tailBytes },
      );
      parts.push({ partNumber, etag, sizeBytes: local.tailBytes });
    }
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.options.bucket,
        Key: dataKey,
        UploadId: state.multipartUploadId,
        MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
      }),
    );
    const completed = { ...state, multipartUploadId: undefined };
    if (!actual) {
      // This node did not see every byte: hash the completed object, once.
      actual = await hashStream(await this.records.readObject(dataKey), expected.algorithm);
      await this.verify(uploadId, completed, expected, actual);
    }
    if (!(await this.stat(expected))) {
      await copyObject(this.client, { bucket: this.options.bucket, sourceKey: dataKey, targetKey: this.layout.blob(expected), sizeBytes: state.sizeBytes });
    }
    await this.discard(uploadId, completed);
    return { sizeBytes: state.sizeBytes };
  }

  /** A mismatch discards the upload (nothing is stored) and throws `digest-mismatch`. */
  private async verify(uploadId: string, state: UploadState, expected: Digest, actual: Digest): Promise<void> {
    if (actual.value === expected.value) return;
    await this.discard(uploadId, state);
    throw new RegistryError('digest-mismatch', `the uploaded content has digest ${actual.value}, not ${expected.value}`);
  }

  /** Removes every trace of the upload: its multipart upload, its objects, the local copy. */
  private async discard(uploadId: string, state: UploadState | undefined): Promise<void> {
    if (state?.multipartUploadId) await this.records.abortMultipartUpload(uploadId, state.multipartUploadId);
    await this.records.deleteAll(uploadId);
    await this.local.forget(uploadId);
  }

  /** This process's copy of the upload's tail (and hash), current for `state`; fetched from S3 if not. */
  private async localCopy(uploadId: string, state: UploadState): Promise<LocalUpload> {
    const current = this.local.current(uploadId, state.token);
    if (current) return current;
    const tailPath = this.newSpillPath();
    // Without parts every byte is in the tail: hashing it while it downloads restores the hash.
    const hash = state.parts.length === 0 ? createHash(state.algorithm) : undefined;
    try {
      await this.records.downloadTail(uploadId, state, tailPath, hash);
    } catch (error) {
      await rm(tailPath, { force: true });
      throw error;
    }
    const upload: LocalUpload = { token: state.token, tailPath, tailBytes: tailBytes(state), ...(hash && { hash: { algorithm: state.algorithm, hash } }) };
    await this.local.set(uploadId, upload);
    return upload;
  }

  private newSpillPath(): string {
    return join(this.spillDirectory, `${randomUUID()}.spill`);
  }
}

function digestOf(hash: Hash, algorithm: DigestAlgorithm): Digest {
  return digestFromHex(algorithm, hash.copy().digest('hex'));
}

async function hashStream(stream: Readable, algorithm: DigestAlgorithm): Promise<Digest> {
  const hash = createHash(algorithm);
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return digestFromHex(algorithm, hash.digest('hex'));
}
