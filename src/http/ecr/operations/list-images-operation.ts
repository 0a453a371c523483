// ListImages: one id per tag, the digest alone for an untagged image, filtered by tag status and
// paged with nextToken. A page holds at most maxResults ids (100 by default) and may end between two
// tags of one image, so the token remembers the digest and the tag it stopped at.
import type { TagStatus } from '../../../metadata/repository-catalog.js';
import type { ImageStatusFilter } from '../../../registry/image-service.js';
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { decodeNextToken, pageOf } from '../pagination-token.js';
import { imageIdShape } from './image-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  nextToken?: string;
  maxResults?: number;
  filter?: { tagStatus?: TagStatus; imageStatus?: ImageStatusFilter };
}

export const listImages: EcrOperation<Input> = {
  name: 'ListImages',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const after = afterPosition(input.nextToken);
    const page = await pageOf(
      input.maxResults ?? 100,
      (limit) =>
        context.services.images.listImageIds(address, {
          tagStatus: input.filter?.tagStatus ?? 'ANY',
          ...(input.filter?.imageStatus !== undefined && { imageStatus: input.filter.imageStatus }),
          limit,
          ...(after && { after }),
        }),
      (last) => ({ after: last.digest, tag: last.tag ?? '' }),
    );
    return { imageIds: page.items.map(imageIdShape), ...(page.nextToken && { nextToken: page.nextToken }) };
  },
};

/** The token's position: a digest, and the tag within it ('' once the image is done; tags are never empty). */
function afterPosition(token: string | undefined): { digest: string; tag?: string } | undefined {
  const digest = decodeNextToken(token, 'after');
  const tag = decodeNextToken(token, 'tag');
  if (digest === undefined) return undefined;
  return { digest, ...(tag && { tag }) };
}
