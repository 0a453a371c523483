// ECR's layer operations on the same upload sessions and blob links as /v2/, so a layer started
// through the API can be finished through /v2/ and the other way round. ECR's rules on top:
// - the repository must exist: the API never creates one on push;
// - parts are consecutive: partFirstByte is the number of bytes received so far;
// - every part but the last is at least 5 MiB, judged when the upload completes
//   (ecr-behaviour.md §2; layer-part-ledger.ts says why then), from a record kept with the upload
//   session, so the parts of one upload may go to different nodes;
// - the digest is verified before LayerAlreadyExistsException is reported, so a client may treat
//   that exception as success (awslabs/amazon-ecr-containerd-resolver, ecr/layer_writer.go);
// - only layers an image references can be downloaded; others are LayerInaccessibleException
//   ("Unassociated image layers may be cleaned up at any time", service-2.json).
import { Readable } from 'node:stream';
import { isValidDigest, parseDigest, type Digest } from '../domain/digest.js';
import { RegistryError, isRegistryError } from '../domain/registry-error.js';
import type { MetadataStore, PartExtent } from '../metadata/metadata-store.js';
import { recordLayerPart } from './layer-part-ledger.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';
import type { UploadService } from './upload-service.js';

/** ECR's minimum for every part but the last (LayerPartTooSmallException: "at least 5 MiB"). */
export const minLayerPartBytes = 5 * 1024 * 1024;
/** What InitiateLayerUpload answers as partSize, as ECR does (aws-cli examples/ecr/initiate-layer-upload.rst). */
export const layerPartSizeBytes = 10 * 1024 * 1024;

/** Signs a URL so that it works without credentials for a limited time (auth/layer-download-signer.ts). */
export interface DownloadUrlSigner {
  presign(url: URL): Promise<string>;
}

export type LayerCheck =
  | { digest: string; availability: 'available'; sizeBytes: number }
  | { digest: string; availability: 'missing' | 'invalid'; reason: string };

/** One part as UploadLayerPart carries it: inclusive byte positions and the decoded bytes. */
export interface LayerPart {
  firstByte: number;
  lastByte: number;
  bytes: Buffer;
  signal?: AbortSignal;
}

export class LayerService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly uploads: UploadService,
    private readonly repositories: RepositoryResolver,
    private readonly signer: DownloadUrlSigner,
  ) {}

  /** One answer per requested digest, in the request's order. */
  async checkAvailability(address: RepositoryAddress, digests: string[]): Promise<LayerCheck[]> {
    const repository = await this.repositories.existing(address);
    return Promise.all(
      digests.map(async (digest): Promise<LayerCheck> => {
        if (!isValidDigest(digest)) return { digest, availability: 'invalid', reason: `Invalid layer digest '${digest}'` };
        const blob = await this.metadata.findRepositoryBlob(repository.id, digest);
        if (!blob) return { digest, availability: 'missing', reason: `The layer '${digest}' does not exist in the repository` };
        return { digest, availability: 'available', sizeBytes: blob.sizeBytes };
      }),
    );
  }

  async initiateUpload(address: RepositoryAddress): Promise<{ uploadId: string; partSizeBytes: number }> {
    await this.repositories.existing(address);
    const { uploadId } = await this.uploads.start(address);
    return { uploadId, partSizeBytes: layerPartSizeBytes };
  }

  /** Appends the part; returns the position of the last byte received so far. */
  async uploadPart(address: RepositoryAddress, uploadId: string, part: LayerPart): Promise<number> {
    const { sizeBytes } = await this.uploads.status(address, uploadId);
    if (part.lastByte < part.firstByte || part.lastByte - part.firstByte + 1 !== part.bytes.length) {
      throw new RegistryError(
        'upload-invalid',
        `The layer part size is not valid: bytes ${part.firstByte}-${part.lastByte} are ${part.lastByte - part.firstByte + 1} bytes but the part has ${part.bytes.length}`,
      );
    }
    if (part.firstByte !== sizeBytes) throw notConsecutive(part.firstByte, sizeBytes);
    const appended = await this.uploads
      .append(address, uploadId, { body: Readable.from([part.bytes]), startByte: part.firstByte, lengthBytes: part.bytes.length, ...(part.signal && { signal: part.signal }) })
      .catch((error: unknown) => {
        // Another request appended in between: report it as ECR does, with what is there now.
        const stored = (error as RegistryError).detail as { sizeBytes?: number } | undefined;
        if (isRegistryError(error, 'upload-out-of-order') && stored?.sizeBytes !== undefined) throw notConsecutive(part.firstByte, stored.sizeBytes);
        throw error;
      });
    await this.recordPart(uploadId, { startByte: part.firstByte, sizeBytes: part.bytes.length });
    return appended.sizeBytes - 1;
  }

  /** Before the part's reply, so a client that waits for replies has its parts recorded in order. */
  private async recordPart(uploadId: string, part: PartExtent): Promise<void> {
    await this.metadata.transaction(async (metadata) => {
      const session = await metadata.findUploadSession(uploadId);
      if (!session) return; // completed or cancelled meanwhile: nothing left to judge
      const parts = recordLayerPart(session.layerParts, part, minLayerPartBytes);
      if (parts !== session.layerParts) await metadata.putLayerParts(uploadId, parts);
    });
  }

  /** Verifies the layer against `digestText` and makes it a layer of the repository. */
  async completeUpload(address: RepositoryAddress, uploadId: string, digestText: string): Promise<Digest> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.existing(address);
    const { sizeBytes } = await this.uploads.status(address, uploadId);
    if (sizeBytes === 0) throw new RegistryError('empty-upload', `The upload ${uploadId} does not contain any layer parts`);
    const undersized = (await this.metadata.findUploadSession(uploadId))?.layerParts?.undersizedPart;
    if (undersized) {
      // No part can be replaced, so the upload can never complete: discard it.
      await this.uploads.cancel(address, uploadId);
      throw new RegistryError(
        'layer-part-too-small',
        `Layer parts must be at least 5 MiB in size: the part at bytes ${undersized.startByte}-${undersized.startByte + undersized.sizeBytes - 1} has ${undersized.sizeBytes} bytes and is not the last part`,
      );
    }
    const existing = await this.metadata.findRepositoryBlob(repository.id, digest.value);
    await this.uploads.complete(address, uploadId, digest.value);
    if (existing) {
      throw new RegistryError('layer-already-exists', `The layer '${digest.value}' already exists in the repository with name '${address.name}' in the registry with id '${address.registryId}'`);
    }
    return digest;
  }

  /** The layer, if the repository has it and an image references it. */
  async downloadable(address: RepositoryAddress, digestText: string): Promise<{ digest: Digest; sizeBytes: number }> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.existing(address);
    const blob = await this.metadata.findRepositoryBlob(repository.id, digest.value);
    if (!blob) {
      throw new RegistryError('blob-not-found', `The layer '${digest.value}' does not exist in the repository with name '${address.name}' in the registry with id '${address.registryId}'`, { digest: digest.value });
    }
    const [referenced] = await this.metadata.referencedDigests(repository.id, [digest.value]);
    if (!referenced) {
      throw new RegistryError('layer-inaccessible', `The layer '${digest.value}' is not associated with an image in the repository with name '${address.name}'`);
    }
    return { digest, sizeBytes: blob.sizeBytes };
  }

  /** A credential-free, time-limited URL for `location`, once the layer is known to be downloadable. */
  async downloadUrl(address: RepositoryAddress, digestText: string, location: URL): Promise<string> {
    await this.downloadable(address, digestText);
    return this.signer.presign(location);
  }
}


function notConsecutive(firstByte: number, sizeBytes: number): RegistryError {
  return new RegistryError(
    'upload-out-of-order',
    `The first byte specified (${firstByte}) is not consecutive to the last byte of a previous layer part upload: the last valid byte received is ${sizeBytes - 1}`,
    { sizeBytes },
  );
}
