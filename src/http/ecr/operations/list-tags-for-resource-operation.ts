// ListTagsForResource: the resource tags of a repository named by its ARN, by key order.
import type { EcrOperation } from '../ecr-context.js';
import { repositoryAccessOfArn, repositoryOfArn } from './repository-arn.js';
import { modelTags } from './resource-tags.js';

interface Input {
  resourceArn: string;
}

export const listTagsForResource: EcrOperation<Input> = {
  name: 'ListTagsForResource',
  access: (input, context) => repositoryAccessOfArn(input.resourceArn, context),
  async run(input, context) {
    const address = repositoryOfArn(input.resourceArn, context);
    return { tags: modelTags(await context.services.repositoryAdmin.resourceTags(address)) };
  },
};
