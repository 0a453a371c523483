// PutImage: stores a manifest given as a string, optionally tagged and checked against a digest; the
// same rules as a /v2/ manifest push apply (ImageService.put).
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { imageShape } from './image-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageManifest: string;
  imageManifestMediaType?: string;
  imageTag?: string;
  imageDigest?: string;
}

export const putImage: EcrOperation<Input> = {
  name: 'PutImage',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const stored = await context.services.images.put(address, {
      manifest: input.imageManifest,
      ...(input.imageManifestMediaType !== undefined && { mediaType: input.imageManifestMediaType }),
      ...(input.imageTag !== undefined && { tag: input.imageTag }),
      ...(input.imageDigest !== undefined && { digest: input.imageDigest }),
    });
    return { image: imageShape(stored.imageId, stored.manifest, address) };
  },
};
