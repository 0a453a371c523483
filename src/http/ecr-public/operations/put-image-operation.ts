// PutImage: stores a manifest given as a string in a public repository, optionally tagged and checked
// against a digest; the same rules as a /v2/ manifest push (ImageService.put). ECR Public has no tag
// immutability: public repositories are always MUTABLE.
import { imageShape } from '../../ecr/operations/image-shapes.js';
import { inCallerTerms, targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageManifest: string;
  imageManifestMediaType?: string;
  imageTag?: string;
  imageDigest?: string;
}

export const putImage: EcrPublicOperation<Input> = {
  name: 'PutImage',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const stored = await inCallerTerms(ref, () =>
      context.services.images.put(ref.address, {
        manifest: input.imageManifest,
        ...(input.imageManifestMediaType !== undefined && { mediaType: input.imageManifestMediaType }),
        ...(input.imageTag !== undefined && { tag: input.imageTag }),
        ...(input.imageDigest !== undefined && { digest: input.imageDigest }),
      }),
    );
    return { image: imageShape(stored.imageId, stored.manifest, { registryId: ref.accountId, name: ref.name }) };
  },
};
