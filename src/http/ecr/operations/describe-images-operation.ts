// DescribeImages: the named images (each must exist, ImageNotFoundException otherwise, and then
// nextToken and maxResults may not be used, as the model says), or every image by digest order,
// filtered by tag status and paged with nextToken.
import { RegistryError } from '../../../domain/registry-error.js';
import type { TagStatus } from '../../../metadata/repository-catalog.js';
import type { ImageStatusFilter } from '../../../registry/image-service.js';
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { decodeNextToken, pageOf } from '../pagination-token.js';
import { imageDetailShape, imageIdsOf, type ModelImageId } from './image-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageIds?: ModelImageId[];
  nextToken?: string;
  maxResults?: number;
  filter?: { tagStatus?: TagStatus; imageStatus?: ImageStatusFilter };
}

export const describeImages: EcrOperation<Input> = {
  name: 'DescribeImages',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    if (input.imageIds !== undefined) {
      if (input.nextToken !== undefined || input.maxResults !== undefined) {
        throw new RegistryError('invalid-parameter', 'Cannot specify imageIds together with nextToken or maxResults');
      }
      const images = await context.services.images.describe(address, imageIdsOf(input.imageIds));
      return { imageDetails: images.map((image) => imageDetailShape(image, address)) };
    }
    const afterDigest = decodeNextToken(input.nextToken, 'after');
    const page = await pageOf(
      input.maxResults ?? 100,
      (limit) =>
        context.services.images.listImages(address, {
          tagStatus: input.filter?.tagStatus ?? 'ANY',
          ...(input.filter?.imageStatus !== undefined && { imageStatus: input.filter.imageStatus }),
          limit,
          ...(afterDigest !== undefined && { afterDigest }),
        }),
      (last) => ({ after: last.digest }),
    );
    return { imageDetails: page.items.map((image) => imageDetailShape(image, address)), ...(page.nextToken && { nextToken: page.nextToken }) };
  },
};
