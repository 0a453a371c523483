// Blob uploads (spec "Pushing blobs"): POST starts a session, pushes monolithically (?digest=) or
// mounts (?mount=&from=); PATCH appends a chunk; PUT closes with the digest; GET reports progress;
// DELETE cancels.
import { parseDigest } from '../../domain/digest.js';
import { RegistryError } from '../../domain/registry-error.js';
import type { UploadChunk, UploadStatus } from '../../registry/upload-service.js';
import { repositoryAddress, type RepositoryAddress } from '../../registry/repository-address.js';
import { singleQuery, type OciContext, type OciRoute } from './oci-context.js';
import { uploadRange } from './oci-errors.js';
import { chunkRange, contentLength, hasBody } from './request-body.js';

const pullActions = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** A push in one request (`?digest=`) is a whole upload: begun, written and completed. */
const wholeUploadActions = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

function uploadLocation(address: RepositoryAddress, uploadId: string): string {
  return `/v2/${address.name}/blobs/uploads/${uploadId}`;
}

function sendSession(context: OciContext, address: RepositoryAddress, status: UploadStatus, code: 202 | 204) {
  return context.reply
    .code(code)
    .header('location', uploadLocation(address, status.uploadId))
    .header('docker-upload-uuid', status.uploadId)
    .header('range', uploadRange(status.sizeBytes))
    .header('content-length', '0')
    .send();
}

function sendBlobCreated(context: OciContext, address: RepositoryAddress, digest: string) {
  return context.reply
    .code(201)
    .header('location', `/v2/${address.name}/blobs/${digest}`)
    .header('docker-content-digest', digest)
    .header('content-length', '0')
    .send();
}

/** The request body as an upload chunk, with what Content-Range and Content-Length promise. */
function chunkOf(context: OciContext): UploadChunk {
  const raw = context.request.raw;
  const range = chunkRange(raw);
  const length = contentLength(raw);
  if (range && length !== undefined && range.lengthBytes !== length) {
    throw new RegistryError('size-invalid', `Content-Range covers ${range.lengthBytes} bytes but Content-Length is ${length}`);
  }
  const lengthBytes = range?.lengthBytes ?? length;
  return { body: raw, ...(range && { startByte: range.start }), ...(lengthBytes !== undefined && { lengthBytes }) };
}

async function startUpload(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  const uploads = context.services.uploads;
  const mount = singleQuery(context, 'mount');
  const from = singleQuery(context, 'from');
  if (mount !== undefined && from !== undefined) {
    const source = repositoryAddress(context.registryId, from);
    // Mounting reads the source: a caller that may not pull from it gets an upload session instead,
    // as the spec lets a registry answer any mount (spec "Mounting a blob from another repository").
    if (!(await context.access.allows(pullActions, { kind: 'repository', registryId: source.registryId, name: source.name }))) {
      return sendSession(context, address, await uploads.start(address, { algorithm: parseDigest(mount).algorithm }), 202);
    }
    const result = await uploads.mount(address, mount, source);
    if ('digest' in result) return sendBlobCreated(context, address, result.digest.value);
    return sendSession(context, address, result, 202);
  }
  const digest = singleQuery(context, 'digest');
  if (digest !== undefined) {
    const created = await uploads.uploadWhole(address, digest, chunkOf(context));
    return sendBlobCreated(context, address, created.digest.value);
  }
  const algorithm = singleQuery(context, 'digest-algorithm');
  const status = await uploads.start(address, algorithm !== undefined ? { algorithm } : {});
  return sendSession(context, address, status, 202);
}

async function appendChunk(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  const status = await context.services.uploads.append(address, context.params.uploadId, chunkOf(context));
  return sendSession(context, address, status, 202);
}

async function completeUpload(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  const digest = singleQuery(context, 'digest');
  if (digest === undefined) throw new RegistryError('digest-invalid', 'closing an upload needs ?digest=<digest of the whole blob>');
  const lastChunk = hasBody(context.request.raw) ? chunkOf(context) : undefined;
  const created = await context.services.uploads.complete(address, context.params.uploadId, digest, lastChunk);
  return sendBlobCreated(context, address, created.digest.value);
}

async function uploadStatus(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  const status = await context.services.uploads.status(address, context.params.uploadId);
  return sendSession(context, address, status, 204);
}

async function cancelUpload(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  await context.services.uploads.cancel(address, context.params.uploadId);
  return context.reply.code(204).send();
}

export const uploadsRoute: OciRoute = {
  pattern: /^\/v2\/(?<name>.+)\/blobs\/uploads\/?$/,
  handlers: { POST: startUpload },
  actions: { POST: (context) => (singleQuery(context, 'digest') !== undefined ? wholeUploadActions : ['ecr:InitiateLayerUpload']) },
};

export const uploadSessionRoute: OciRoute = {
  pattern: /^\/v2\/(?<name>.+)\/blobs\/uploads\/(?<uploadId>[^/]+)$/,
  handlers: { GET: uploadStatus, PATCH: appendChunk, PUT: completeUpload, DELETE: cancelUpload },
  // Reading or cancelling a session is part of uploading layers; a close may carry the last chunk.
  actions: {
    GET: ['ecr:UploadLayerPart'],
    PATCH: ['ecr:UploadLayerPart'],
    PUT: (context) => (hasBody(context.request.raw) ? ['ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'] : ['ecr:CompleteLayerUpload']),
    DELETE: ['ecr:UploadLayerPart'],
  },
};
