// The one place registry errors become ECR's exceptions, named as in the service model; the status
// comes from the model too (protocol/aws-json-error.ts: 400 for client errors, 403 access denied).
import type { RegistryErrorCode } from '../../domain/registry-error.js';

export type EcrExceptionName =
  | 'InvalidParameterException'
  | 'RepositoryNotFoundException'
  | 'RepositoryAlreadyExistsException'
  | 'RepositoryNotEmptyException'
  | 'TooManyTagsException'
  | 'InvalidTagParameterException'
  | 'ImageAlreadyExistsException'
  | 'LayerAlreadyExistsException'
  | 'LayerPartTooSmallException'
  | 'EmptyUploadException'
  | 'ImageNotFoundException'
  | 'ImageTagAlreadyExistsException'
  | 'ImageDigestDoesNotMatchException'
  | 'LayersNotFoundException'
  | 'LayerInaccessibleException'
  | 'InvalidLayerException'
  | 'InvalidLayerPartException'
  | 'UploadNotFoundException'
  | 'ReferencedImagesNotFoundException'
  | 'UnsupportedImageTypeException'
  | 'LimitExceededException'
  | 'ThrottlingException'
  | 'AccessDeniedException'
  | 'RegistryPolicyNotFoundException'
  | 'ExpiredTokenException'
  | 'UnrecognizedClientException'
  | 'ServerException'
  | 'RepositoryPolicyNotFoundException'
  | 'LifecyclePolicyNotFoundException'
  | 'LifecyclePolicyPreviewNotFoundException'
  | 'LifecyclePolicyPreviewInProgressException';

export const ecrExceptions: Record<RegistryErrorCode, EcrExceptionName> = {
  'repository-name-invalid': 'InvalidParameterException',
  'repository-not-found': 'RepositoryNotFoundException',
  'repository-exists': 'RepositoryAlreadyExistsException',
  'repository-not-empty': 'RepositoryNotEmptyException',
  'too-many-tags': 'TooManyTagsException',
  'invalid-parameter': 'InvalidParameterException',
  'image-already-exists': 'ImageAlreadyExistsException',
  'image-digest-mismatch': 'ImageDigestDoesNotMatchException',
  'referenced-images-missing': 'ReferencedImagesNotFoundException',
  'layer-already-exists': 'LayerAlreadyExistsException',
  'layer-part-too-small': 'LayerPartTooSmallException',
  'layer-inaccessible': 'LayerInaccessibleException',
  'empty-upload': 'EmptyUploadException',
  'invalid-resource-tag': 'InvalidTagParameterException',
  'digest-invalid': 'InvalidParameterException',
  'digest-mismatch': 'InvalidLayerException',
  'blob-not-found': 'LayersNotFoundException',
  'blob-referenced': 'InvalidParameterException',
  'range-not-satisfiable': 'InvalidParameterException',
  'upload-not-found': 'UploadNotFoundException',
  'upload-invalid': 'InvalidLayerPartException',
  'upload-out-of-order': 'InvalidLayerPartException',
  'size-invalid': 'InvalidLayerPartException',
  'manifest-invalid': 'InvalidParameterException',
  'manifest-too-large': 'InvalidParameterException',
  'manifest-not-found': 'ImageNotFoundException',
  'manifest-not-acceptable': 'UnsupportedImageTypeException',
  'manifest-references-missing': 'LayersNotFoundException',
  'manifest-referenced-by-index': 'InvalidParameterException',
  'manifest-unsupported': 'UnsupportedImageTypeException',
  'tag-invalid': 'InvalidParameterException',
  'tag-immutable': 'ImageTagAlreadyExistsException',
  'pagination-invalid': 'InvalidParameterException',
  'too-many-requests': 'ThrottlingException',
  'unauthenticated': 'UnrecognizedClientException',
  'token-expired': 'ExpiredTokenException',
  'access-denied': 'AccessDeniedException',
  'registry-policy-not-found': 'RegistryPolicyNotFoundException',
  'blob-collected-during-upload': 'ServerException',
  // Raised by both surfaces (GetRepositoryPolicy, DeleteRepositoryPolicy).
  'repository-policy-not-found': 'RepositoryPolicyNotFoundException',
  // Raised by the ECR Public surface (http/ecr-public/ecr-public-errors.ts); listed so the table stays exhaustive.
  'registry-not-found': 'InvalidParameterException',
  'catalog-data-not-found': 'InvalidParameterException',
  'lifecycle-policy-not-found': 'LifecyclePolicyNotFoundException',
  'lifecycle-preview-not-found': 'LifecyclePolicyPreviewNotFoundException',
  'lifecycle-preview-in-progress': 'LifecyclePolicyPreviewInProgressException',
};
