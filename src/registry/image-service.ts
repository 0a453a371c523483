// Images as the ECR control plane sees them (service-2.json: ListImages, DescribeImages, BatchGetImage,
// BatchDeleteImage, PutImage): an image is a manifest of a repository together with its tags. Pushes
// and deletes go through ManifestService, so both surfaces share one set of rules (validation,
// reference checks, tag immutability, protection of index children).
// Batch operations never throw for one image: each problem is an ImageFailure, named here in the
// registry's words; the ECR surface turns them into the model's failure codes.
import { digestOf, isValidDigest, parseDigest } from '../domain/digest.js';
import { isValidTag, validateTag } from '../domain/names.js';
import { isRegistryError, RegistryError } from '../domain/registry-error.js';
import { isTagImmutable } from '../domain/repository-settings.js';
import type { ManifestRecord, MetadataStore, RepositoryRecord } from '../metadata/metadata-store.js';
import type { ImageRecord, RepositoryCatalog, TagStatus } from '../metadata/repository-catalog.js';
import type { ManifestService } from './manifest-service.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';

/** How a request names an image: by tag, by digest, or by both (which must then agree). */
export interface ImageId {
  digest?: string;
  tag?: string;
}

/** An image as a listing names it: ListImages gives one per tag, and the digest alone for an untagged image. */
export interface ImageIdentity {
  digest: string;
  tag?: string;
}

export type ImageFailureKind =
  | 'missing-digest-and-tag'
  | 'invalid-digest'
  | 'invalid-tag'
  | 'tag-does-not-match-digest'
  | 'not-found'
  | 'media-type-not-accepted'
  | 'referenced-by-index';

export interface ImageFailure {
  imageId: ImageId;
  kind: ImageFailureKind;
  reason: string;
}

/** ECR's image status filter. Berth has no archive storage class: every image is ACTIVE. */
export type ImageStatusFilter = 'ACTIVE' | 'ARCHIVED' | 'ACTIVATING' | 'ANY';

export interface ImageListQuery {
  tagStatus: TagStatus;
  imageStatus?: ImageStatusFilter;
  limit: number;
}

export interface PutImageRequest {
  /** The manifest exactly as the client sent it; its UTF-8 bytes are what is stored and hashed. */
  manifest: string;
  mediaType?: string;
  tag?: string;
  /** When given, must be the digest of the manifest. */
  digest?: string;
}

/** What became of one lifecycle expiration. */
export type ExpireOutcome = 'expired' | 'tags-changed' | 'not-found' | 'referenced-by-index';

export interface RetrievedImage {
  imageId: ImageIdentity;
  manifest: ManifestRecord;
}

export class ImageService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly catalog: RepositoryCatalog,
    private readonly repositories: RepositoryResolver,
    private readonly manifests: ManifestService,
  ) {}

  /**
   * Image ids in digest order, tags in code-unit order within an image, starting after `after` (the
   * last entry of the previous page, so a page may end between two tags of one image).
   */
  async listImageIds(address: RepositoryAddress, query: ImageListQuery & { after?: ImageIdentity }): Promise<ImageIdentity[]> {
    const repository = await this.repositories.existing(address);
    if (!includesActive(query.imageStatus)) return [];
    const ids: ImageIdentity[] = [];
    const after = query.after;
    if (after?.tag !== undefined) {
      const [current] = await this.catalog.findImages(repository.id, [after.digest]);
      const rest = current ? identitiesOf(current, query.tagStatus).filter((id) => id.tag !== undefined && id.tag > after.tag!) : [];
      ids.push(...rest);
    }
    // Every image yields at least one id, so `limit` images are enough for `limit` ids.
    const images = await this.catalog.listImages(repository.id, {
      tagStatus: query.tagStatus,
      limit: query.limit,
      ...(after && { afterDigest: after.digest }),
    });
    for (const image of images) ids.push(...identitiesOf(image, query.tagStatus));
    return ids.slice(0, query.limit);
  }

  /** Images in digest order after `afterDigest`. */
  async listImages(address: RepositoryAddress, query: ImageListQuery & { afterDigest?: string }): Promise<ImageRecord[]> {
    const repository = await this.repositories.existing(address);
    if (!includesActive(query.imageStatus)) return [];
    return this.catalog.listImages(repository.id, {
      tagStatus: query.tagStatus,
      limit: query.limit,
      ...(query.afterDigest !== undefined && { afterDigest: query.afterDigest }),
    });
  }

  /** Exactly the named images, in request order, once each; every one must exist (DescribeImages with imageIds). */
  async describe(address: RepositoryAddress, ids: ImageId[]): Promise<ImageRecord[]> {
    const repository = await this.repositories.existing(address);
    const digests: string[] = [];
    for (const id of ids) {
      const resolved = await this.resolve(repository, id);
      if ('kind' in resolved) {
        if (resolved.kind === 'not-found' || resolved.kind === 'tag-does-not-match-digest') throw imageNotFound(address, id);
        throw new RegistryError('invalid-parameter', resolved.reason);
      }
      digests.push(resolved.digest);
    }
    const found = new Map((await this.catalog.findImages(repository.id, [...new Set(digests)])).map((image) => [image.digest, image]));
    const missing = digests.findIndex((digest) => !found.has(digest));
    if (missing >= 0) throw imageNotFound(address, ids[missing]);
    return [...new Set(digests)].map((digest) => found.get(digest)!);
  }

  /**
   * The stored manifests (never converted) of the named images. Without `acceptedMediaTypes` any
   * stored type is served, as /v2/ does for a client that sends no Accept header.
   */
  async batchGet(
    address: RepositoryAddress,
    ids: ImageId[],
    acceptedMediaTypes?: string[],
  ): Promise<{ images: RetrievedImage[]; failures: ImageFailure[] }> {
    const repository = await this.repositories.existing(address);
    const images: RetrievedImage[] = [];
    const failures: ImageFailure[] = [];
    for (const id of ids) {
      const resolved = await this.resolve(repository, id);
      if ('kind' in resolved) {
        failures.push(resolved);
        continue;
      }
      const manifest = await this.metadata.findManifest(repository.id, resolved.digest);
      if (!manifest) {
        failures.push(notFound(id));
      } else if (acceptedMediaTypes !== undefined && !acceptedMediaTypes.includes(manifest.mediaType)) {
        const reason = `The image manifest has media type '${manifest.mediaType}', which is not among the accepted media types`;
        failures.push(failure(id, 'media-type-not-accepted', reason));
      } else {
        await this.manifests.recordPull(manifest);
        images.push({ imageId: { digest: manifest.digest, ...(id.tag !== undefined && { tag: id.tag }) }, manifest });
      }
    }
    return { images, failures };
  }

  /**
   * By tag: removes the tag, and the image with it when that was its last tag (BatchDeleteImage in
   * service-2.json) unless an index still lists it. By digest: removes the image and all its tags.
   * Returns one id per removed tag (the digest alone for an untagged image).
   */
  async batchDelete(address: RepositoryAddress, ids: ImageId[]): Promise<{ deleted: ImageIdentity[]; failures: ImageFailure[] }> {
    const repository = await this.repositories.existing(address);
    const deleted: ImageIdentity[] = [];
    const failures: ImageFailure[] = [];
    for (const id of ids) {
      const resolved = await this.resolve(repository, id);
      let outcome: ImageIdentity[] | ImageFailure;
      if ('kind' in resolved) outcome = resolved;
      else if (id.tag !== undefined) outcome = await this.untag(address, repository, id, resolved.digest);
      else outcome = await this.deleteImage(address, repository, id, resolved.digest);
      if ('kind' in outcome) failures.push(outcome);
      else deleted.push(...outcome);
    }
    return { deleted, failures };
  }

  /**
   * Lifecycle expirations: deletes each image by digest with all its tags, as BatchDeleteImage does,
   * unless its tags changed since the policy was evaluated (`tags`, sorted) or an index lists it; those
   * outcomes are reported, not thrown, and leave the image as it is. One transaction for the batch.
   */
  async expire(address: RepositoryAddress, images: readonly { digest: string; tags: readonly string[] }[]): Promise<ExpireOutcome[]> {
    const outcomes = await this.manifests.deleteIfUnchanged(address, images);
    return outcomes.map((outcome) => (outcome === 'deleted' ? 'expired' : outcome));
  }

  /**
   * PutImage: stores the manifest through ManifestService.put (same validation, reference checks and
   * tag immutability as a /v2/ push). A push that changes nothing is ImageAlreadyExistsException
   * (service-2.json), except on an immutable tag, where ECR answers ImageTagAlreadyExistsException
   * even for the same digest (ecr-behaviour.md §3).
   */
  async put(address: RepositoryAddress, request: PutImageRequest): Promise<RetrievedImage> {
    const repository = await this.repositories.existing(address);
    const bytes = Buffer.from(request.manifest, 'utf8');
    const claimed = request.digest === undefined ? undefined : parseDigest(request.digest);
    const digest = digestOf(bytes, claimed?.algorithm ?? 'sha256').value;
    if (claimed && claimed.value !== digest) {
      throw new RegistryError('image-digest-mismatch', `The image digest '${claimed.value}' does not match the digest of the image manifest, '${digest}'`);
    }
    const tag = request.tag === undefined ? undefined : validateTag(request.tag);
    if (await this.metadata.findManifest(repository.id, digest)) {
      const unchanged = tag === undefined || (await this.metadata.findTag(repository.id, tag)) === digest;
      if (unchanged && !(tag !== undefined && isTagImmutable(repository.settings, tag))) {
        const image = `Image with digest '${digest}'${tag === undefined ? '' : ` and tag '${tag}'`}`;
        throw new RegistryError(
          'image-already-exists',
          `${image} already exists in the repository with name '${address.name}' in registry with id '${address.registryId}'`,
        );
      }
    }
    await this.manifests.put(address, {
      reference: digest,
      bytes,
      ...(request.mediaType !== undefined && { contentType: request.mediaType }),
      tags: tag === undefined ? [] : [tag],
    });
    const manifest = await this.metadata.findManifest(repository.id, digest);
    if (!manifest) throw new Error(`manifest ${digest} vanished right after it was stored`);
    return { imageId: { digest, ...(tag !== undefined && { tag }) }, manifest };
  }

  /** A tag or digest → the digest it names, or why not. A digest alone is not checked for existence here. */
  private async resolve(repository: RepositoryRecord, id: ImageId): Promise<{ digest: string } | ImageFailure> {
    if (id.digest === undefined && id.tag === undefined) {
      return failure(id, 'missing-digest-and-tag', 'Invalid request parameters: both tag and digest cannot be null');
    }
    if (id.digest !== undefined && !isValidDigest(id.digest)) {
      return failure(id, 'invalid-digest', `Invalid request parameters: image digest '${id.digest}' is not a sha256 or sha512 digest`);
    }
    if (id.tag !== undefined && !isValidTag(id.tag)) {
      return failure(id, 'invalid-tag', `Invalid request parameters: image tag '${id.tag}' does not match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`);
    }
    if (id.tag === undefined) return { digest: id.digest! };
    const tagged = await this.metadata.findTag(repository.id, id.tag);
    if (tagged === undefined) return notFound(id);
    if (id.digest !== undefined && id.digest !== tagged) {
      return failure(id, 'tag-does-not-match-digest', `Invalid request parameters: image tag '${id.tag}' does not point to image digest '${id.digest}'`);
    }
    return { digest: tagged };
  }

  private async untag(address: RepositoryAddress, repository: RepositoryRecord, id: ImageId, digest: string): Promise<ImageIdentity[] | ImageFailure> {
    const tag = id.tag!;
    try {
      await this.manifests.delete(address, tag);
    } catch (error) {
      if (isRegistryError(error, 'manifest-not-found')) return notFound(id);
      throw error;
    }
    const [image] = await this.catalog.findImages(repository.id, [digest]);
    if (image && image.tags.length === 0) {
      // An index child stays, untagged. (Not atomic with a concurrent push of a new tag to this digest,
      // which this delete would take along.)
      await this.manifests.delete(address, digest).catch((error: unknown) => {
        if (!isRegistryError(error, 'manifest-referenced-by-index') && !isRegistryError(error, 'manifest-not-found')) throw error;
      });
    }
    return [{ digest, tag }];
  }

  private async deleteImage(address: RepositoryAddress, repository: RepositoryRecord, id: ImageId, digest: string): Promise<ImageIdentity[] | ImageFailure> {
    const [image] = await this.catalog.findImages(repository.id, [digest]);
    if (!image) return notFound(id);
    try {
      await this.manifests.delete(address, digest);
    } catch (error) {
      if (isRegistryError(error, 'manifest-referenced-by-index')) {
        const indexes = (error.detail as { indexes: string[] }).indexes;
        return failure(id, 'referenced-by-index', `Requested image referenced by manifest list: [${indexes.join(', ')}]`);
      }
      if (isRegistryError(error, 'manifest-not-found')) return notFound(id);
      throw error;
    }
    return image.tags.length > 0 ? image.tags.map((tag) => ({ digest, tag })) : [{ digest }];
  }
}

/** The ids ListImages reports for an image under a tag status filter. */
function identitiesOf(image: ImageRecord, tagStatus: TagStatus): ImageIdentity[] {
  if (image.tags.length === 0) return tagStatus === 'TAGGED' ? [] : [{ digest: image.digest }];
  if (tagStatus === 'UNTAGGED') return [];
  return [...image.tags].sort().map((tag) => ({ digest: image.digest, tag }));
}

function includesActive(status: ImageStatusFilter | undefined): boolean {
  return status === undefined || status === 'ACTIVE' || status === 'ANY';
}


function failure(imageId: ImageId, kind: ImageFailureKind, reason: string): ImageFailure {
  return { imageId, kind, reason };
}

function notFound(imageId: ImageId): ImageFailure {
  return failure(imageId, 'not-found', 'Requested image not found');
}

/** ECR's words, as DescribeImages answers them (`'null'` for the part the request left out). */
function imageNotFound(address: RepositoryAddress, id: ImageId): RegistryError {
  const imageId = `{imageDigest:'${id.digest ?? 'null'}', imageTag:'${id.tag ?? 'null'}'}`;
  return new RegistryError(
    'manifest-not-found',
    `The image with imageId ${imageId} does not exist within the repository with name '${address.name}' in the registry with id '${address.registryId}'`,
  );
}
