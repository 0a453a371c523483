// Reading and deleting blobs of a repository. Whether a repository may see a blob is decided by
// metadata (its links), so a digest pushed to one repository is invisible in another until mounted.
import { Readable } from 'node:stream';
import { parseDigest, type Digest } from '../domain/digest.js';
import { RegistryError } from '../domain/registry-error.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { BlobStore, ByteRange } from '../storage/blob-store.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';

export interface BlobInfo {
  digest: Digest;
  sizeBytes: number;
}

export interface BlobContent extends BlobInfo {
  /** The part being served: the whole blob unless a range was asked for. */
  range?: ByteRange;
  body: Readable;
}

/** A Range request: `bytes=start-[end]`, or the last `suffixBytes` bytes (`bytes=-n`). */
export type RequestedRange = { start: number; end?: number } | { suffixBytes: number };

/** How long a redirect for a pull stays valid (ECR's S3 URLs last about as long). */
const pullRedirectSeconds = 20 * 60;

export class BlobService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly blobs: BlobStore,
    private readonly repositories: RepositoryResolver,
    /** Answer pulls with a redirect to the store's presigned URL when it has one (ECR's behaviour). */
    private readonly redirectPulls = false,
  ) {}

  /**
   * Where the client should fetch the blob instead of from Berth, when pulls redirect and the store
   * can presign; undefined means stream it. Visibility is checked exactly as for a streamed pull.
   */
  async pullRedirect(address: RepositoryAddress, digestText: string): Promise<string | undefined> {
    if (!this.redirectPulls || !this.blobs.presignedReadUrl) return undefined;
    const digest = parseDigest(digestText);
    const repository = await this.repositories.existing(address);
    if (!(await this.metadata.findRepositoryBlob(repository.id, digest.value))) return undefined;
    return this.blobs.presignedReadUrl(digest, pullRedirectSeconds);
  }

  async stat(address: RepositoryAddress, digestText: string): Promise<BlobInfo> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.existing(address);
    const blob = await this.metadata.findRepositoryBlob(repository.id, digest.value);
    if (blob) return { digest, sizeBytes: blob.sizeBytes };
    // Manifests are content too: clients (crane, oras) may fetch them through the blob endpoint.
    const manifest = await this.metadata.findManifest(repository.id, digest.value);
    if (manifest) return { digest, sizeBytes: manifest.sizeBytes };
    throw blobNotFound(digest, address);
  }

  /** @param range inclusive; `end` beyond the blob is clamped, a start beyond it is `range-not-satisfiable` */
  async open(address: RepositoryAddress, digestText: string, range?: RequestedRange): Promise<BlobContent> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.existing(address);
    const blob = await this.metadata.findRepositoryBlob(repository.id, digest.value);
    if (blob) {
      const served = clampRange(range, blob.sizeBytes);
      return { digest, sizeBytes: blob.sizeBytes, ...(served && { range: served }), body: await this.blobs.read(digest, served) };
    }
    const manifest = await this.metadata.findManifest(repository.id, digest.value);
    if (manifest) {
      const served = clampRange(range, manifest.sizeBytes);
      const bytes = served ? manifest.content.subarray(served.start, served.end + 1) : manifest.content;
      return { digest, sizeBytes: manifest.sizeBytes, ...(served && { range: served }), body: Readable.from([bytes]) };
    }
    throw blobNotFound(digest, address);
  }

  /**
   * Removes the blob from the repository. A blob that a manifest of the repository still references
   * is refused: deleting it would break that image. The bytes go later, with garbage collection.
   */
  async delete(address: RepositoryAddress, digestText: string): Promise<void> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.existing(address);
    await this.metadata.transaction(async (metadata) => {
      const [referenced] = await metadata.referencedDigests(repository.id, [digest.value]);
      if (referenced) {
        throw new RegistryError('blob-referenced', `blob ${digest.value} is referenced by a manifest in '${address.name}': delete the manifest first`);
      }
      if (!(await metadata.unlinkBlob(repository.id, digest.value))) throw blobNotFound(digest, address);
    });
  }
}

function blobNotFound(digest: Digest, address: RepositoryAddress): RegistryError {
  return new RegistryError('blob-not-found', `blob ${digest.value} is not in repository '${address.name}'`, { digest: digest.value });
}

function clampRange(requested: RequestedRange | undefined, sizeBytes: number): ByteRange | undefined {
  if (!requested) return undefined;
  const range = 'suffixBytes' in requested ? { start: Math.max(0, sizeBytes - requested.suffixBytes) } : requested;
  if (sizeBytes === 0 || range.start >= sizeBytes || ('end' in range && range.end !== undefined && range.end < range.start)) {
    throw new RegistryError('range-not-satisfiable', `range ${range.start}-${'end' in range ? range.end : ''} is outside the blob of ${sizeBytes} bytes`, { sizeBytes });
  }
  const end = 'end' in range && range.end !== undefined ? range.end : sizeBytes - 1;
  return { start: range.start, end: Math.min(end, sizeBytes - 1) };
}
