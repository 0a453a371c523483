// Blob uploads (distribution spec "Pushing blobs"): sessions, chunks, completion, mounts.
// A session is a metadata row (so it survives restarts and, later, moves between nodes) plus the
// bytes in the blob store. Completion verifies the digest computed while streaming, publishes the
// blob and links it to the repository; only then does the client hear 201.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { isDigestAlgorithm, parseDigest, type Digest, type DigestAlgorithm } from '../domain/digest.js';
import { RegistryError } from '../domain/registry-error.js';
import type { BlobClaim, MetadataStore, RepositoryRecord, UploadSessionRecord } from '../metadata/metadata-store.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';

export interface UploadStatus {
  uploadId: string;
  /** Bytes received so far; the next chunk starts here. */
  sizeBytes: number;
}

/** A chunk as the client sent it: the body, and what its headers claimed. */
export interface UploadChunk {
  body: Readable;
  /** From Content-Range (inclusive start); must equal the bytes received so far. */
  startByte?: number;
  /** From Content-Length or Content-Range; the body must have exactly this many bytes. */
  lengthBytes?: number;
  signal?: AbortSignal;
}

export interface CompletedUpload {
  digest: Digest;
  sizeBytes: number;
}

/** Whether an account lets `/v2/` mounts link blobs (its BLOB_MOUNTING setting, ecr-behaviour.md §1.4). */
export type BlobMountingPolicy = (registryId: string) => Promise<boolean>;

export interface UploadServiceDependencies {
  metadata: MetadataStore;
  blobs: BlobStore;
  repositories: RepositoryResolver;
  now: () => number;
  /** Default: mounts always allowed. */
  mountingAllowed?: BlobMountingPolicy;
  /** How long a completion waits for a collector deleting the same blob (default 10 s). */
  maxClaimWaitMs?: number;
}

const claimRetryMs = 50;

function collectedDuringUpload(digest: Digest): RegistryError {
  return new RegistryError('blob-collected-during-upload', `blob ${digest.value} was being garbage-collected while it was uploaded: push it again`);
}

export class UploadService {
  private readonly metadata: MetadataStore;
  private readonly blobs: BlobStore;
  private readonly repositories: RepositoryResolver;
  private readonly now: () => number;
  private readonly mountingAllowed: BlobMountingPolicy;
  private readonly maxClaimWaitMs: number;

  constructor(dependencies: UploadServiceDependencies) {
    ({ metadata: this.metadata, blobs: this.blobs, repositories: this.repositories, now: this.now } = dependencies);
    this.mountingAllowed = dependencies.mountingAllowed ?? (async () => true);
    this.maxClaimWaitMs = dependencies.maxClaimWaitMs ?? 10_000;
  }

  async start(address: RepositoryAddress, options: { algorithm?: string } = {}): Promise<UploadStatus> {
    const algorithm = options.algorithm ?? 'sha256';
    if (!isDigestAlgorithm(algorithm)) {
      throw new RegistryError('digest-invalid', `unsupported digest algorithm "${algorithm}": use sha256 or sha512`);
    }
    const repository = await this.repositories.forPush(address);
    return this.startIn(repository, algorithm);
  }

  /**
   * Cross-repository mount: links a blob the `from` repository can see, without moving a byte.
   * When `from` does not exist or cannot see the blob, or the account has blob mounting turned off,
   * a normal upload session starts instead.
   */
  async mount(address: RepositoryAddress, digestText: string, from: RepositoryAddress): Promise<CompletedUpload | UploadStatus> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.forPush(address);
    if (!(await this.mountingAllowed(address.registryId))) return this.startIn(repository, digest.algorithm);
    const source = await this.metadata.findRepository(from.registryId, from.name);
    // Seen and linked in one transaction: a collection cannot take the blob in between.
    const mounted = source && (await this.metadata.transaction(async (metadata) => {
      const blob = await metadata.findRepositoryBlob(source.id, digest.value);
      return blob && (await metadata.linkBlob(repository.id, blob, this.now())) ? blob : undefined;
    }));
    if (!mounted) return this.startIn(repository, digest.algorithm);
    return { digest, sizeBytes: mounted.sizeBytes };
  }

  /** A whole blob in one request (POST ?digest= or PUT after POST): stream, verify, publish. */
  async uploadWhole(address: RepositoryAddress, digestText: string, chunk: UploadChunk): Promise<CompletedUpload> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.forPush(address);
    const { uploadId } = await this.startIn(repository, digest.algorithm);
    return this.complete(address, uploadId, digestText, chunk);
  }

  async append(address: RepositoryAddress, uploadId: string, chunk: UploadChunk): Promise<UploadStatus> {
    const session = await this.session(address, uploadId);
    const sizeBytes = await this.write(session, chunk);
    await this.metadata.touchUploadSession(uploadId, this.now());
    return { uploadId, sizeBytes };
  }

  async status(address: RepositoryAddress, uploadId: string): Promise<UploadStatus> {
    const session = await this.session(address, uploadId);
    return { uploadId, sizeBytes: await this.storedSize(session) };
  }

  /** Closes the session with the whole blob's digest, after the optional last chunk. */
  async complete(address: RepositoryAddress, uploadId: string, digestText: string, lastChunk?: UploadChunk): Promise<CompletedUpload> {
    const digest = parseDigest(digestText);
    const session = await this.session(address, uploadId);
    if (lastChunk) await this.write(session, lastChunk);
    const claim = await this.claim(digest);
    // The blob store discards the upload when the digest does not match: nothing is stored.
    const committed = await this.blobs.commitUpload(uploadId, digest).catch(async (error: unknown) => {
      if (error instanceof RegistryError && error.code === 'digest-mismatch') await this.metadata.deleteUploadSession(uploadId);
      throw error;
    });
    await this.metadata.transaction(async (metadata) => {
      await this.link(metadata, session.repositoryId, { digest, sizeBytes: committed.sizeBytes }, claim);
      await metadata.deleteUploadSession(uploadId);
    });
    return { digest, sizeBytes: committed.sizeBytes };
  }

  async cancel(address: RepositoryAddress, uploadId: string): Promise<void> {
    await this.session(address, uploadId);
    await this.metadata.deleteUploadSession(uploadId);
    await this.blobs.abortUpload(uploadId);
  }

  /** Stores small, known bytes as a blob of the repository (the empty JSON config of artifacts). */
  async storeKnownBlob(repository: RepositoryRecord, digest: Digest, bytes: Buffer): Promise<void> {
    const claim = await this.claim(digest);
    if (!(await this.blobs.stat(digest))) {
      const uploadId = randomUUID();
      await this.blobs.beginUpload(uploadId, digest.algorithm);
      await this.blobs.appendUpload(uploadId, { offsetBytes: 0, body: Readable.from([bytes]) });
      await this.blobs.commitUpload(uploadId, digest);
    }
    await this.link(this.metadata, repository.id, { digest, sizeBytes: bytes.length }, claim);
  }

  /**
   * Pins the digest before its bytes are published (docs/garbage-collection.md). A collector deleting
   * this very blob finishes within moments: wait for it rather than fail the push.
   */
  private async claim(digest: Digest): Promise<BlobClaim> {
    for (let waitedMs = 0; ; waitedMs += claimRetryMs) {
      const claim = await this.metadata.claimBlob(digest.value, this.now());
      if (claim) return claim;
      if (waitedMs >= this.maxClaimWaitMs) throw collectedDuringUpload(digest);
      await delay(claimRetryMs);
    }
  }

  /** Links the published bytes, unless a collection marked the blob since the claim (they may be gone). */
  private async link(metadata: MetadataStore, repositoryId: number, blob: { digest: Digest; sizeBytes: number }, claim: BlobClaim): Promise<void> {
    if (!(await metadata.linkBlob(repositoryId, { digest: blob.digest.value, sizeBytes: blob.sizeBytes }, this.now(), claim))) {
      throw collectedDuringUpload(blob.digest);
    }
  }

  private async startIn(repository: RepositoryRecord, algorithm: DigestAlgorithm): Promise<UploadStatus> {
    const uploadId = randomUUID();
    await this.blobs.beginUpload(uploadId, algorithm);
    const now = this.now();
    await this.metadata.createUploadSession({ id: uploadId, repositoryId: repository.id, algorithm, startedAt: now, updatedAt: now });
    return { uploadId, sizeBytes: 0 };
  }

  /** The session, which must belong to the repository named in the URL. */
  private async session(address: RepositoryAddress, uploadId: string): Promise<UploadSessionRecord> {
    const repository = await this.repositories.existing(address);
    const session = await this.metadata.findUploadSession(uploadId);
    if (!session || session.repositoryId !== repository.id) {
      throw new RegistryError('upload-not-found', `upload ${uploadId} is unknown to repository '${address.name}'`);
    }
    return session;
  }

  private async storedSize(session: UploadSessionRecord): Promise<number> {
    const sizeBytes = await this.blobs.uploadSize(session.id);
    if (sizeBytes === undefined) {
      // The bytes are gone (storage wiped or crashed before they were written): the session is void.
      await this.metadata.deleteUploadSession(session.id);
      throw new RegistryError('upload-not-found', `upload ${session.id} has no stored data`);
    }
    return sizeBytes;
  }

  private async write(session: UploadSessionRecord, chunk: UploadChunk): Promise<number> {
    const offsetBytes = chunk.startByte ?? (await this.storedSize(session));
    const { sizeBytes } = await this.blobs.appendUpload(session.id, {
      offsetBytes,
      body: chunk.body,
      ...(chunk.lengthBytes !== undefined && { expectedLengthBytes: chunk.lengthBytes }),
      ...(chunk.signal && { signal: chunk.signal }),
    });
    return sizeBytes;
  }
}
