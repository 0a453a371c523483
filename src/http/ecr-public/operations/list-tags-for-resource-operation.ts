// ListTagsForResource: the resource tags of a public repository named by its ARN, by key order.
import { modelTags } from '../../ecr/operations/resource-tags.js';
import type { EcrPublicOperation } from '../ecr-public-context.js';
import { repositoryOfArn } from './repository-arn.js';

interface Input {
  resourceArn: string;
}

export const listTagsForResource: EcrPublicOperation<Input> = {
  name: 'ListTagsForResource',
  async run(input, context) {
    const ref = await repositoryOfArn(input.resourceArn, context);
    return { tags: modelTags(await context.ecrPublic.repositories.resourceTags(ref)) };
  },
};
