// UntagResource: removes resource tags by key from a repository named by its ARN; keys it does not
// carry are ignored.
import type { EcrOperation } from '../ecr-context.js';
import { repositoryAccessOfArn, repositoryOfArn } from './repository-arn.js';
import { checkTagKey } from './resource-tags.js';

interface Input {
  resourceArn: string;
  tagKeys: string[];
}

export const untagResource: EcrOperation<Input> = {
  name: 'UntagResource',
  access: (input, context) => ({ ...repositoryAccessOfArn(input.resourceArn, context), context: { 'aws:TagKeys': input.tagKeys } }),
  async run(input, context) {
    const address = repositoryOfArn(input.resourceArn, context);
    input.tagKeys.forEach(checkTagKey);
    await context.services.repositoryAdmin.untag(address, input.tagKeys);
    return {};
  },
};
