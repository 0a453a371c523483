// DescribeImages: the named images of a public repository (each must exist, and then nextToken and
// maxResults may not be used), or every image by digest order, paged with nextToken. The same image
// service as ECR's answers; only the names in the answer and in errors are the caller's.
import { RegistryError } from '../../../domain/registry-error.js';
import { imageDetailShape, imageIdsOf, type ModelImageId } from '../../ecr/operations/image-shapes.js';
import { decodeNextToken, pageOf } from '../../ecr/pagination-token.js';
import { inCallerTerms, targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageIds?: ModelImageId[];
  nextToken?: string;
  maxResults?: number;
}

export const describeImages: EcrPublicOperation<Input> = {
  name: 'DescribeImages',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const named = { registryId: ref.accountId, name: ref.name };
    const images = context.services.images;
    if (input.imageIds !== undefined) {
      if (input.nextToken !== undefined || input.maxResults !== undefined) {
        throw new RegistryError('invalid-parameter', 'Cannot specify imageIds together with nextToken or maxResults');
      }
      const found = await inCallerTerms(ref, () => images.describe(ref.address, imageIdsOf(input.imageIds!)));
      return { imageDetails: found.map((image) => imageDetailShape(image, named)) };
    }
    const afterDigest = decodeNextToken(input.nextToken, 'after');
    const page = await pageOf(
      input.maxResults ?? 100,
      (limit) => inCallerTerms(ref, () => images.listImages(ref.address, { tagStatus: 'ANY', limit, ...(afterDigest !== undefined && { afterDigest }) })),
      (last) => ({ after: last.digest }),
    );
    return { imageDetails: page.items.map((image) => imageDetailShape(image, named)), ...(page.nextToken && { nextToken: page.nextToken }) };
  },
};
