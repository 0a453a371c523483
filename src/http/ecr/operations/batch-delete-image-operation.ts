// BatchDeleteImage: by tag removes the tag (and the image with its last tag), by digest removes the
// image and all its tags. Problems with one image are failures in the answer, never an exception.
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { imageFailureShape, imageIdShape, imageIdsOf, type ModelImageId } from './image-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageIds: ModelImageId[];
}

export const batchDeleteImage: EcrOperation<Input> = {
  name: 'BatchDeleteImage',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const result = await context.services.images.batchDelete(address, imageIdsOf(input.imageIds));
    return { imageIds: result.deleted.map(imageIdShape), failures: result.failures.map(imageFailureShape) };
  },
};
