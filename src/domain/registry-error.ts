// The registry's typed errors. Services throw them; each HTTP surface translates them once
// (OCI error JSON on /v2/, AWS JSON `__type` on the ECR API). Handlers never format errors.

/** Every failure the domain and the services can report, named for what went wrong. */
export type RegistryErrorCode =
  | 'repository-name-invalid'
  | 'repository-not-found'
  | 'repository-exists'
  | 'repository-not-empty'
  | 'too-many-tags'
  | 'invalid-parameter'
  | 'image-already-exists'
  | 'image-digest-mismatch'
  | 'referenced-images-missing'
  | 'layer-already-exists'
  | 'layer-part-too-small'
  | 'layer-inaccessible'
  | 'empty-upload'
  | 'invalid-resource-tag'
  | 'digest-invalid'
  | 'digest-mismatch'
  | 'blob-not-found'
  | 'blob-referenced'
  | 'range-not-satisfiable'
  | 'upload-not-found'
  | 'upload-invalid'
  | 'upload-out-of-order'
  | 'size-invalid'
  | 'manifest-invalid'
  | 'manifest-too-large'
  | 'manifest-not-found'
  | 'manifest-not-acceptable'
  | 'manifest-references-missing'
  | 'manifest-referenced-by-index'
  | 'manifest-unsupported'
  | 'tag-invalid'
  | 'tag-immutable'
  | 'pagination-invalid'
  | 'unauthenticated'
  | 'token-expired'
  | 'access-denied'
  /** ECR: an account without a registry policy (a repository without one is ECR Public's code below, shared). */
  | 'registry-policy-not-found'
  | 'too-many-requests'
  /** A garbage collection of the same blob overlapped the upload: the client should push it again. */
  | 'blob-collected-during-upload'
  // ECR Public (src/public-registry/): an unknown registry alias, a repository without a policy or catalog data.
  | 'registry-not-found'
  | 'repository-policy-not-found'
  | 'catalog-data-not-found'
  | 'lifecycle-policy-not-found'
  | 'lifecycle-preview-not-found'
  | 'lifecycle-preview-in-progress';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    /** Structured context for clients (the OCI `detail` member). Never secrets. */
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

export function isRegistryError(error: unknown, code?: RegistryErrorCode): error is RegistryError {
  return error instanceof RegistryError && (code === undefined || error.code === code);
}
