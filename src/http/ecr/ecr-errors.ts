// The one place registry errors become ECR's AWS JSON errors (`__type` and HTTP status), with the
// exception names of the service model. ECR answers client errors with 400, server errors with 500.
import type { RegistryErrorCode } from '../../domain/registry-error.js';

export type EcrExceptionName =
  | 'InvalidParameterException'
  | 'RepositoryNotFoundException'
  | 'RepositoryAlreadyExistsException'
  | 'RepositoryNotEmptyException'
  | 'TooManyTagsException'
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
  | 'ExpiredTokenException'
  | 'UnrecognizedClientException';

export const ecrExceptions: Record<RegistryErrorCode, { type: EcrExceptionName; status: number }> = {
  'repository-name-invalid': { type: 'InvalidParameterException', status: 400 },
  'repository-not-found': { type: 'RepositoryNotFoundException', status: 400 },
  'repository-exists': { type: 'RepositoryAlreadyExistsException', status: 400 },
  'repository-not-empty': { type: 'RepositoryNotEmptyException', status: 400 },
  'too-many-tags': { type: 'TooManyTagsException', status: 400 },
  'digest-invalid': { type: 'InvalidParameterException', status: 400 },
  'digest-mismatch': { type: 'InvalidLayerException', status: 400 },
  'blob-not-found': { type: 'LayersNotFoundException', status: 400 },
  'blob-referenced': { type: 'InvalidParameterException', status: 400 },
  'range-not-satisfiable': { type: 'InvalidParameterException', status: 400 },
  'upload-not-found': { type: 'UploadNotFoundException', status: 400 },
  'upload-invalid': { type: 'InvalidLayerPartException', status: 400 },
  'upload-out-of-order': { type: 'InvalidLayerPartException', status: 400 },
  'size-invalid': { type: 'InvalidLayerPartException', status: 400 },
  'manifest-invalid': { type: 'InvalidParameterException', status: 400 },
  'manifest-too-large': { type: 'InvalidParameterException', status: 400 },
  'manifest-not-found': { type: 'ImageNotFoundException', status: 400 },
  'manifest-not-acceptable': { type: 'UnsupportedImageTypeException', status: 400 },
  'manifest-references-missing': { type: 'LayersNotFoundException', status: 400 },
  'manifest-referenced-by-index': { type: 'InvalidParameterException', status: 400 },
  'manifest-unsupported': { type: 'UnsupportedImageTypeException', status: 400 },
  'tag-invalid': { type: 'InvalidParameterException', status: 400 },
  'tag-immutable': { type: 'ImageTagAlreadyExistsException', status: 400 },
  'pagination-invalid': { type: 'InvalidParameterException', status: 400 },
  'too-many-requests': { type: 'ThrottlingException', status: 400 },
  'unauthenticated': { type: 'UnrecognizedClientException', status: 400 },
  'token-expired': { type: 'ExpiredTokenException', status: 400 },
  'access-denied': { type: 'AccessDeniedException', status: 400 },
};
