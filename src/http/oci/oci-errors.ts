// The one place registry errors become OCI error JSON (distribution spec "Error Codes").
import type { FastifyReply } from 'fastify';
import type { RegistryErrorCode } from '../../domain/registry-error.js';
import { RegistryError } from '../../domain/registry-error.js';

export type OciErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  | 'TAG_INVALID'
  | 'UNAVAILABLE';

const ociErrors: Record<RegistryErrorCode, { status: number; code: OciErrorCode }> = {
  'repository-name-invalid': { status: 400, code: 'NAME_INVALID' },
  'repository-not-found': { status: 404, code: 'NAME_UNKNOWN' },
  'digest-invalid': { status: 400, code: 'DIGEST_INVALID' },
  'digest-mismatch': { status: 400, code: 'DIGEST_INVALID' },
  'blob-not-found': { status: 404, code: 'BLOB_UNKNOWN' },
  // Refusals that protect stored images: the spec's answer for a delete the registry will not do.
  'blob-referenced': { status: 405, code: 'UNSUPPORTED' },
  'manifest-referenced-by-index': { status: 405, code: 'UNSUPPORTED' },
  'range-not-satisfiable': { status: 416, code: 'SIZE_INVALID' },
  'upload-not-found': { status: 404, code: 'BLOB_UPLOAD_UNKNOWN' },
  'upload-invalid': { status: 400, code: 'BLOB_UPLOAD_INVALID' },
  'upload-out-of-order': { status: 416, code: 'BLOB_UPLOAD_INVALID' },
  'size-invalid': { status: 400, code: 'SIZE_INVALID' },
  'manifest-invalid': { status: 400, code: 'MANIFEST_INVALID' },
  'manifest-too-large': { status: 413, code: 'MANIFEST_INVALID' },
  'manifest-not-found': { status: 404, code: 'MANIFEST_UNKNOWN' },
  'manifest-not-acceptable': { status: 404, code: 'MANIFEST_UNKNOWN' },
  'manifest-references-missing': { status: 400, code: 'MANIFEST_BLOB_UNKNOWN' },
  'manifest-unsupported': { status: 415, code: 'UNSUPPORTED' },
  'tag-invalid': { status: 400, code: 'TAG_INVALID' },
  'tag-immutable': { status: 400, code: 'TAG_INVALID' },
  'pagination-invalid': { status: 400, code: 'UNSUPPORTED' },
  'unauthenticated': { status: 401, code: 'UNAUTHORIZED' },
  'token-expired': { status: 403, code: 'DENIED' },
  'access-denied': { status: 403, code: 'DENIED' },
  // Control-plane conditions that /v2/ requests cannot cause; listed so the table stays exhaustive.
  'repository-exists': { status: 400, code: 'UNSUPPORTED' },
  'repository-not-empty': { status: 400, code: 'UNSUPPORTED' },
  'too-many-tags': { status: 400, code: 'UNSUPPORTED' },
  'invalid-parameter': { status: 400, code: 'UNSUPPORTED' },
  'image-already-exists': { status: 400, code: 'UNSUPPORTED' },
  'image-digest-mismatch': { status: 400, code: 'DIGEST_INVALID' },
  'referenced-images-missing': { status: 400, code: 'MANIFEST_BLOB_UNKNOWN' },
  'layer-already-exists': { status: 400, code: 'UNSUPPORTED' },
  'layer-part-too-small': { status: 400, code: 'SIZE_INVALID' },
  'layer-inaccessible': { status: 404, code: 'BLOB_UNKNOWN' },
  'empty-upload': { status: 400, code: 'SIZE_INVALID' },
  'invalid-resource-tag': { status: 400, code: 'UNSUPPORTED' },
  'registry-policy-not-found': { status: 404, code: 'UNSUPPORTED' },
  'lifecycle-policy-not-found': { status: 404, code: 'UNSUPPORTED' },
  'lifecycle-preview-not-found': { status: 404, code: 'UNSUPPORTED' },
  'lifecycle-preview-in-progress': { status: 400, code: 'UNSUPPORTED' },
  'too-many-requests': { status: 429, code: 'TOOMANYREQUESTS' },
  // Distribution's code for a transient failure; clients retry a 503.
  'blob-collected-during-upload': { status: 503, code: 'UNAVAILABLE' },
  // ECR Public: a registry alias that names nobody is a repository nobody has; the other two are API-only.
  'registry-not-found': { status: 404, code: 'NAME_UNKNOWN' },
  'repository-policy-not-found': { status: 404, code: 'UNSUPPORTED' },
  'catalog-data-not-found': { status: 404, code: 'UNSUPPORTED' },
};

export interface OciErrorBody {
  errors: { code: OciErrorCode; message: string; detail?: unknown }[];
}

/** Translates any error thrown under /v2/ and sends it; unknown errors are 500s and get logged. */
export function sendOciError(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof RegistryError)) {
    const status = httpStatusOf(error);
    if (status !== undefined && status < 500) {
      return reply.code(status).send(body('UNSUPPORTED', (error as Error).message));
    }
    reply.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ errors: [{ code: 'UNKNOWN', message: 'internal server error' }] });
  }
  const { status, code } = ociErrors[error.code];
  if (error.code === 'unauthenticated') {
    reply.header('www-authenticate', (error.detail as { challenge: string }).challenge);
    return reply.code(status).send(body(code, error.message));
  }
  if (error.code === 'too-many-requests') reply.header('retry-after', String((error.detail as { retryAfterSeconds?: number })?.retryAfterSeconds ?? 1));
  if (error.code === 'range-not-satisfiable') reply.header('content-range', `bytes */${(error.detail as { sizeBytes: number }).sizeBytes}`);
  if (error.code === 'upload-out-of-order') {
    const sizeBytes = (error.detail as { sizeBytes?: number } | undefined)?.sizeBytes;
    if (sizeBytes !== undefined) reply.header('range', uploadRange(sizeBytes));
  }
  if (error.code === 'manifest-references-missing' || error.code === 'referenced-images-missing') {
    // One entry per missing descriptor, as Distribution reports them.
    const missing = (error.detail as { missing: string[] }).missing;
    return reply.code(status).send({ errors: missing.map((digest) => ({ code, message: `manifest references unknown content ${digest}`, detail: { digest } })) });
  }
  return reply.code(status).send(body(code, error.message, error.detail));
}

function body(code: OciErrorCode, message: string, detail?: unknown): OciErrorBody {
  return { errors: [{ code, message, ...(detail !== undefined && { detail }) }] };
}

/** Fastify's own errors (malformed URL, aborted body) carry a statusCode. */
function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The upload Range header: `0-<last byte>`, and `0-0` for an empty upload as Distribution answers. */
export function uploadRange(sizeBytes: number): string {
  return `0-${Math.max(0, sizeBytes - 1)}`;
}
