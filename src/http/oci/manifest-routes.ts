// GET/HEAD/PUT/DELETE /v2/<name>/manifests/<tag-or-digest> (spec "Pulling manifests",
// "Pushing Manifests", "Deleting tags", "Deleting Manifests").
import { RegistryError } from '../../domain/registry-error.js';
import type { ManifestRecord } from '../../metadata/metadata-store.js';
import { repositoryAddress } from '../../registry/repository-address.js';
import { listQuery, type OciContext, type OciRoute } from './oci-context.js';
import { readLimitedBody } from './request-body.js';

function manifestHeaders(context: OciContext, manifest: ManifestRecord): void {
  context.reply
    .code(200)
    .header('content-type', manifest.mediaType)
    .header('content-length', String(manifest.sizeBytes))
    .header('docker-content-digest', manifest.digest)
    .header('etag', `"${manifest.digest}"`);
}

async function getManifest(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  const manifest = await context.services.manifests.get(address, context.params.reference, {
    accept: context.request.headers.accept,
    isPull: context.request.method === 'GET',
  });
  manifestHeaders(context, manifest);
  return context.reply.send(context.request.method === 'HEAD' ? undefined : manifest.content);
}

async function putManifest(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  const limit = context.services.limits.maxManifestBytes;
  const bytes = await readLimitedBody(
    context.request.raw,
    limit,
    () => new RegistryError('manifest-too-large', `manifest exceeds the limit of ${limit} bytes`),
  );
  const pushed = await context.services.manifests.put(address, {
    reference: context.params.reference,
    bytes,
    contentType: context.request.headers['content-type'],
    tags: listQuery(context, 'tag'),
  });
  const reply = context.reply
    .code(201)
    .header('location', `/v2/${address.name}/manifests/${pushed.digest.value}`)
    .header('docker-content-digest', pushed.digest.value);
  if (pushed.subjectDigest) reply.header('oci-subject', pushed.subjectDigest);
  // Spec end-7b: one OCI-Tag value per tag created through `?tag=`.
  if (listQuery(context, 'tag').length > 0) reply.header('oci-tag', pushed.tags.join(', '));
  return reply.header('content-length', '0').send();
}

async function deleteManifest(context: OciContext) {
  const address = repositoryAddress(context.registryId, context.params.name);
  await context.services.manifests.delete(address, context.params.reference);
  return context.reply.code(202).header('content-length', '0').send();
}

export const manifestsRoute: OciRoute = {
  pattern: /^\/v2\/(?<name>.+)\/manifests\/(?<reference>[^/]+)$/,
  handlers: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest },
  actions: { GET: ['ecr:BatchGetImage'], HEAD: ['ecr:BatchGetImage'], PUT: ['ecr:PutImage'], DELETE: ['ecr:BatchDeleteImage'] },
};
