// BatchGetImage: the stored manifests of the named images, exactly as pushed, with a failure per
// image that cannot be served (unknown, malformed id, tag and digest disagreeing, type not accepted).
// Serving a manifest here is a pull: it refreshes lastRecordedPullTime like a /v2/ GET.
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { imageFailureShape, imageIdsOf, imageShape, type ModelImageId } from './image-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageIds: ModelImageId[];
  acceptedMediaTypes?: string[];
}

export const batchGetImage: EcrOperation<Input> = {
  name: 'BatchGetImage',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const result = await context.services.images.batchGet(address, imageIdsOf(input.imageIds), input.acceptedMediaTypes);
    return {
      images: result.images.map((image) => imageShape(image.imageId, image.manifest, address)),
      failures: result.failures.map(imageFailureShape),
    };
  },
};
