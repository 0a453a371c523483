// GET /ecr-layers/<registryId>/<repository>/<digest>?X-Amz-…: the URLs GetDownloadUrlForLayer hands
// out, served by Berth itself (ECR hands out S3 URLs; ecr-behaviour.md §1.3). The presigned query
// is the only credential, and it is checked before anything else, so a request without a valid
// one learns nothing about what exists. The layer must still be downloadable when the URL is used
// (an image references it); bytes stream from the blob store with single-range support, as on
// /v2/. Errors read as S3's do for such URLs (`<Error><Code>…`), since clients take them for S3.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LayerDownloadSigner } from '../../auth/layer-download-signer.js';
import { isSigV4Error, type SigV4Error } from '../../auth/sigv4/index.js';
import { RegistryError, type RegistryErrorCode } from '../../domain/registry-error.js';
import { repositoryAddress, type RepositoryAddress } from '../../registry/repository-address.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import { parseByteRange } from '../byte-range.js';
import { sendStream } from '../stream-reply.js';
import type { RequestGuard } from '../oci/oci-router.js';

/** Outside /v2/ and the API's `POST /`, so it can never shadow either. */
const prefix = '/ecr-layers/';
const pathPattern = /^\/ecr-layers\/(?<registryId>\d{12})\/(?<name>.+)\/(?<digest>[^/]+)$/;

/** Where a layer is downloaded from; `origin` is `scheme://host[:port]`. */
export function layerDownloadLocation(origin: string, address: RepositoryAddress, digest: string): URL {
  return new URL(`${origin}${prefix}${address.registryId}/${address.name}/${digest}`);
}

export interface LayerDownloadRouteOptions {
  services: RegistryServices;
  signer: Pick<LayerDownloadSigner, 'verify'>;
  guards?: RequestGuard[];
}

export function registerLayerDownloadRoute(app: FastifyInstance, options: LayerDownloadRouteOptions): void {
  app.get(`${prefix}*`, async (request, reply) => {
    try {
      for (const guard of options.guards ?? []) await guard(request);
      return await download(request, reply, options);
    } catch (error) {
      return sendDownloadError(reply, error);
    }
  });
}

async function download(request: FastifyRequest, reply: FastifyReply, options: LayerDownloadRouteOptions) {
  const target = request.raw.url ?? '/';
  await options.signer.verify({ method: request.method, path: target, headers: request.headers });
  const path = target.split('?', 1)[0] ?? '';
  const params = pathPattern.exec(path)?.groups;
  if (!params) throw new RegistryError('blob-not-found', `no layer at ${path}`);
  const address = repositoryAddress(params.registryId!, decodeURIComponent(params.name!));
  const digest = decodeURIComponent(params.digest!);
  await options.services.layers.downloadable(address, digest);
  const blob = await options.services.blobs.open(address, digest, parseByteRange(request.headers.range));
  reply
    .header('content-type', 'application/octet-stream')
    .header('etag', `"${blob.digest.value}"`)
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'max-age=31536000');
  if (blob.range) {
    reply
      .code(206)
      .header('content-range', `bytes ${blob.range.start}-${blob.range.end}/${blob.sizeBytes}`)
      .header('content-length', String(blob.range.end - blob.range.start + 1));
  } else {
    reply.code(200).header('content-length', String(blob.sizeBytes));
  }
  return sendStream(reply, blob.body);
}

/** S3's codes for what can go wrong with a presigned GET. */
const registryFailures: Partial<Record<RegistryErrorCode, { status: number; code: string }>> = {
  'blob-not-found': { status: 404, code: 'NoSuchKey' },
  'repository-not-found': { status: 404, code: 'NoSuchKey' },
  'repository-name-invalid': { status: 404, code: 'NoSuchKey' },
  'digest-invalid': { status: 404, code: 'NoSuchKey' },
  'layer-inaccessible': { status: 403, code: 'AccessDenied' },
  'range-not-satisfiable': { status: 416, code: 'InvalidRange' },
  'too-many-requests': { status: 503, code: 'SlowDown' },
};

/** The one place errors of this route are answered. Every signature failure is S3's 403. */
function sendDownloadError(reply: FastifyReply, error: unknown): FastifyReply {
  if (isSigV4Error(error)) return sendS3Error(reply, 403, signatureFailureCode(error), error.message);
  if (error instanceof RegistryError) {
    const failure = registryFailures[error.code] ?? { status: 400, code: 'InvalidRequest' };
    if (error.code === 'range-not-satisfiable') reply.header('content-range', `bytes */${(error.detail as { sizeBytes: number }).sizeBytes}`);
    return sendS3Error(reply, failure.status, failure.code, error.message);
  }
  reply.log.error({ err: error }, 'layer download failed');
  return sendS3Error(reply, 500, 'InternalError', 'We encountered an internal error. Please try again.');
}

function signatureFailureCode(error: SigV4Error): string {
  switch (error.code) {
    case 'signature-mismatch':
      return 'SignatureDoesNotMatch';
    case 'unrecognized-client':
      return 'InvalidAccessKeyId';
    default:
      return 'AccessDenied';
  }
}

function sendS3Error(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
  return reply.code(status).header('content-type', 'application/xml').send(body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
