// GET/HEAD/DELETE /v2/<name>/blobs/<digest> (spec "Pulling blobs", "Deleting Blobs"), with
// single-range requests (RFC 9110 §14) so interrupted pulls resume.
import { parseByteRange } from '../byte-range.js';
import { sendStream } from '../stream-reply.js';
import { repositoryAddress } from '../../registry/repository-address.js';
import type { OciContext, OciRoute } from './oci-context.js';

/** Immutable content: any cache may keep it as long as it likes. */
const blobCacheControl = 'max-age=31536000';

function blobHeaders(context: OciContext, digest: string): void {
  context.reply
    .header('content-type', 'application/octet-stream')
    .header('docker-content-digest', digest)
    .header('etag', `"${digest}"`)
    .header('accept-ranges', 'bytes')
    .header('cache-control', blobCacheControl);
}

async function headBlob(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  const blob = await context.services.blobs.stat(address, context.params.digest);
  blobHeaders(context, blob.digest.value);
  return context.reply.code(200).header('content-length', String(blob.sizeBytes)).send();
}

async function getBlob(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  // Spec "API": registries may redirect; clients follow and do not forward Authorization elsewhere.
  const redirect = await context.services.blobs.pullRedirect(address, context.params.digest);
  if (redirect) return context.reply.code(307).header('location', redirect).header('docker-content-digest', context.params.digest).send();
  const blob = await context.services.blobs.open(address, context.params.digest, parseByteRange(context.request.headers.range));
  blobHeaders(context, blob.digest.value);
  if (blob.range) {
    context.reply
      .code(206)
      .header('content-range', `bytes ${blob.range.start}-${blob.range.end}/${blob.sizeBytes}`)
      .header('content-length', String(blob.range.end - blob.range.start + 1));
  } else {
    context.reply.code(200).header('content-length', String(blob.sizeBytes));
  }
  return sendStream(context.reply, blob.body);
}

async function deleteBlob(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  await context.services.blobs.delete(address, context.params.digest);
  return context.reply.code(202).header('content-length', '0').send();
}

export const blobsRoute: OciRoute = {
  pattern: /^\/v2\/(?<name>.+)\/blobs\/(?<digest>[^/]+)$/,
  handlers: { GET: getBlob, HEAD: headBlob, DELETE: deleteBlob },
  // ECR has no blob delete; removing content from a repository is BatchDeleteImage's permission.
  actions: { GET: ['ecr:GetDownloadUrlForLayer'], HEAD: ['ecr:BatchCheckLayerAvailability'], DELETE: ['ecr:BatchDeleteImage'] },
};
