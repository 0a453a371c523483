// UntagResource: removes resource tags by key from a public repository named by its ARN; keys it does
// not carry are ignored.
import { checkTagKey } from '../../ecr/operations/resource-tags.js';
import type { EcrPublicOperation } from '../ecr-public-context.js';
import { repositoryOfArn } from './repository-arn.js';

interface Input {
  resourceArn: string;
  tagKeys: string[];
}

export const untagResource: EcrPublicOperation<Input> = {
  name: 'UntagResource',
  async run(input, context) {
    const ref = await repositoryOfArn(input.resourceArn, context);
    input.tagKeys.forEach(checkTagKey);
    await context.ecrPublic.repositories.untag(ref, input.tagKeys);
    return {};
  },
};
