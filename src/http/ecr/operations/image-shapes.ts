// Images → the model's shapes (service-2.json ImageIdentifier, ImageDetail, Image, ImageFailure), and
// the one table from the image service's failure kinds to ECR's ImageFailureCode.
import type { ManifestRecord } from '../../../metadata/metadata-store.js';
import type { ImageRecord } from '../../../metadata/repository-catalog.js';
import type { ImageFailure, ImageFailureKind, ImageId, ImageIdentity } from '../../../registry/image-service.js';
import type { RepositoryAddress } from '../../../registry/repository-address.js';

/** ImageIdentifier as the model spells it. */
export interface ModelImageId {
  imageDigest?: string;
  imageTag?: string;
}

type ImageFailureCode =
  | 'InvalidImageDigest'
  | 'InvalidImageTag'
  | 'ImageTagDoesNotMatchDigest'
  | 'ImageNotFound'
  | 'MissingDigestAndTag'
  | 'ImageReferencedByManifestList';

/**
 * A manifest whose type the caller does not accept has no representation it can take: Berth never
 * converts manifests, so that image is not found for this caller (as /v2/ answers MANIFEST_UNKNOWN).
 */
const failureCodes: Record<ImageFailureKind, ImageFailureCode> = {
  'missing-digest-and-tag': 'MissingDigestAndTag',
  'invalid-digest': 'InvalidImageDigest',
  'invalid-tag': 'InvalidImageTag',
  'tag-does-not-match-digest': 'ImageTagDoesNotMatchDigest',
  'not-found': 'ImageNotFound',
  'media-type-not-accepted': 'ImageNotFound',
  'referenced-by-index': 'ImageReferencedByManifestList',
};

export function imageIdsOf(ids: ModelImageId[]): ImageId[] {
  return ids.map((id) => ({
    ...(id.imageDigest !== undefined && { digest: id.imageDigest }),
    ...(id.imageTag !== undefined && { tag: id.imageTag }),
  }));
}

export function imageIdShape(id: ImageIdentity | ImageId): ModelImageId {
  return { ...(id.digest !== undefined && { imageDigest: id.digest }), ...(id.tag !== undefined && { imageTag: id.tag }) };
}

export function imageFailureShape(failure: ImageFailure) {
  return { imageId: imageIdShape(failure.imageId), failureCode: failureCodes[failure.kind], failureReason: failure.reason };
}

export function imageDetailShape(image: ImageRecord, address: RepositoryAddress) {
  return {
    registryId: address.registryId,
    repositoryName: address.name,
    imageDigest: image.digest,
    ...(image.tags.length > 0 && { imageTags: image.tags }),
    imageSizeInBytes: image.imageSizeBytes,
    imagePushedAt: new Date(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    // The config's media type: what ECR reports for images and artifacts alike; an index has none.
    ...(image.configMediaType !== undefined && { artifactMediaType: image.configMediaType }),
    ...(image.lastPulledAt !== undefined && { lastRecordedPullTime: new Date(image.lastPulledAt) }),
    ...(image.subjectDigest !== undefined && { subjectManifestDigest: image.subjectDigest }),
    imageStatus: 'ACTIVE',
  };
}

/** Image, as BatchGetImage and PutImage return it: the manifest is the stored bytes, unchanged. */
export function imageShape(imageId: ImageIdentity, manifest: ManifestRecord, address: RepositoryAddress) {
  return {
    registryId: address.registryId,
    repositoryName: address.name,
    imageId: imageIdShape(imageId),
    imageManifest: manifest.content.toString('utf8'),
    imageManifestMediaType: manifest.mediaType,
  };
}
