// DescribeImageTags: every tag of a public repository by name, with when it was last moved and the
// image it points at, paged with nextToken.
import { decodeNextToken, pageOf } from '../../ecr/pagination-token.js';
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  nextToken?: string;
  maxResults?: number;
}

export const describeImageTags: EcrPublicOperation<Input> = {
  name: 'DescribeImageTags',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const after = decodeNextToken(input.nextToken, 'after');
    const page = await pageOf(
      input.maxResults ?? 100,
      (limit) => context.ecrPublic.repositories.imageTags(ref, { limit, ...(after !== undefined && { after }) }),
      (last) => ({ after: last.tag }),
    );
    return {
      imageTagDetails: page.items.map((tag) => ({
        imageTag: tag.tag,
        createdAt: new Date(tag.taggedAt),
        imageDetail: {
          imageDigest: tag.digest,
          imageSizeInBytes: tag.imageSizeBytes,
          imagePushedAt: new Date(tag.pushedAt),
          imageManifestMediaType: tag.mediaType,
          ...(tag.configMediaType !== undefined && { artifactMediaType: tag.configMediaType }),
        },
      })),
      ...(page.nextToken && { nextToken: page.nextToken }),
    };
  },
};
