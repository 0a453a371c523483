// TagResource: adds or overwrites resource tags on a repository named by its ARN; existing tags not
// named stay. At most 50 per repository (TooManyTagsException), keys 1–128 and values 0–256
// characters (InvalidTagParameterException), as the model documents both exceptions.
import { requestTagContext, type EcrOperation } from '../ecr-context.js';
import { repositoryAccessOfArn, repositoryOfArn } from './repository-arn.js';
import { resourceTagsOf, type ModelTag } from './resource-tags.js';

interface Input {
  resourceArn: string;
  tags: ModelTag[];
}

export const tagResource: EcrOperation<Input> = {
  name: 'TagResource',
  access: (input, context) => ({ ...repositoryAccessOfArn(input.resourceArn, context), context: requestTagContext(input.tags) }),
  async run(input, context) {
    const address = repositoryOfArn(input.resourceArn, context);
    await context.services.repositoryAdmin.tag(address, resourceTagsOf(input.tags));
    return {};
  },
};
