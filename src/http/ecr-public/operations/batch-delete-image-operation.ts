// BatchDeleteImage: by tag removes the tag (and the image with its last tag), by digest removes the
// image and all its tags; problems with one image are failures in the answer (the image service's rules).
import { imageFailureShape, imageIdShape, imageIdsOf, type ModelImageId } from '../../ecr/operations/image-shapes.js';
import { inCallerTerms, targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageIds: ModelImageId[];
}

export const batchDeleteImage: EcrPublicOperation<Input> = {
  name: 'BatchDeleteImage',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const result = await inCallerTerms(ref, () => context.services.images.batchDelete(ref.address, imageIdsOf(input.imageIds)));
    return { imageIds: result.deleted.map(imageIdShape), failures: result.failures.map(imageFailureShape) };
  },
};
