// GetLifecyclePolicyPreview: the repository's latest preview, its status, and once COMPLETE the images
// it would expire (oldest first, indexes before what they list), paged by nextToken (maxResults 1–100,
// default 100) and filtered by tag status or by imageIds (which, as the model says, cannot be combined
// with nextToken or maxResults). summary.expiringImageTotalCount counts every expiring image.
import { RegistryError } from '../../../domain/registry-error.js';
import type { TagStatus } from '../../../lifecycle/lifecycle-image-source.js';
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { decodeNextToken, encodeNextToken } from '../pagination-token.js';
import { imageIdsOf, type ModelImageId } from './image-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageIds?: ModelImageId[];
  nextToken?: string;
  maxResults?: number;
  filter?: { tagStatus?: TagStatus };
}

export const getLifecyclePolicyPreview: EcrOperation<Input> = {
  name: 'GetLifecyclePolicyPreview',
  access: repositoryAccess,
  async run(input, context) {
    if (input.imageIds !== undefined && (input.nextToken !== undefined || input.maxResults !== undefined)) {
      throw new RegistryError('invalid-parameter', 'Cannot specify imageIds together with nextToken or maxResults');
    }
    const after = decodeNextToken(input.nextToken, 'afterPosition');
    const afterPosition = after === undefined ? undefined : Number(after);
    if (afterPosition !== undefined && !Number.isSafeInteger(afterPosition)) throw new RegistryError('pagination-invalid', 'Invalid NextToken');
    const page = await context.lifecycle.previews.get(targetRepository(context, input), {
      limit: input.maxResults ?? 100,
      tagStatus: input.filter?.tagStatus ?? 'ANY',
      ...(afterPosition !== undefined && { afterPosition }),
      ...(input.imageIds !== undefined && { imageIds: imageIdsOf(input.imageIds) }),
    });
    const { repository, preview } = page;
    return {
      registryId: repository.registryId,
      repositoryName: repository.name,
      lifecyclePolicyText: preview.policyText,
      status: preview.status,
      previewResults: page.results.map((result) => ({
        ...(result.imageTags.length > 0 && { imageTags: result.imageTags }),
        imageDigest: result.imageDigest,
        imagePushedAt: new Date(result.imagePushedAt),
        action: { type: 'EXPIRE' },
        appliedRulePriority: result.appliedRulePriority,
      })),
      ...(preview.status === 'COMPLETE' && { summary: { expiringImageTotalCount: preview.expiringImageCount ?? 0 } }),
      ...(page.nextAfterPosition !== undefined && { nextToken: encodeNextToken({ afterPosition: String(page.nextAfterPosition) }) }),
    };
  },
};
