// GET /v2/<name>/referrers/<digest>[?artifactType=] (spec "Listing Referrers"): always an image
// index, empty when nothing refers to the digest; filtering is announced with OCI-Filters-Applied.
import { mediaTypes } from '../../domain/media-types.js';
import { repositoryAddress } from '../../registry/repository-address.js';
import { singleQuery, type OciRoute } from './oci-context.js';

export const referrersRoute: OciRoute = {
  pattern: /^\/v2\/(?<name>.+)\/referrers\/(?<digest>[^/]+)$/,
  handlers: {
    GET: async (context) => {
      const address = repositoryAddress(context.registryId, context.params.name);
      const artifactType = singleQuery(context, 'artifactType') || undefined;
      const referrers = await context.services.listings.referrers(address, context.params.digest, artifactType);
      if (artifactType !== undefined) context.reply.header('oci-filters-applied', 'artifactType');
      const index = {
        schemaVersion: 2,
        mediaType: mediaTypes.ociIndex,
        manifests: referrers.map((referrer) => ({
          mediaType: referrer.mediaType,
          digest: referrer.digest,
          size: referrer.sizeBytes,
          ...(referrer.artifactType !== undefined && { artifactType: referrer.artifactType }),
          ...(referrer.annotations !== undefined && { annotations: referrer.annotations }),
        })),
      };
      // A Buffer, so Fastify adds no charset: the spec fixes the Content-Type exactly.
      return context.reply.code(200).header('content-type', mediaTypes.ociIndex).send(Buffer.from(JSON.stringify(index)));
    },
  },
  // ECR's ListImageReferrers requires BatchGetImage.
  actions: { GET: ['ecr:BatchGetImage'] },
};
