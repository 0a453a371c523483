// TagResource: adds or overwrites resource tags on a public repository named by its ARN. At most 50
// per repository (TooManyTagsException), keys 1–128 and values 0–256 characters (InvalidTagParameterException).
import { resourceTagsOf, type ModelTag } from '../../ecr/operations/resource-tags.js';
import type { EcrPublicOperation } from '../ecr-public-context.js';
import { repositoryOfArn } from './repository-arn.js';

interface Input {
  resourceArn: string;
  tags: ModelTag[];
}

export const tagResource: EcrPublicOperation<Input> = {
  name: 'TagResource',
  async run(input, context) {
    const ref = await repositoryOfArn(input.resourceArn, context);
    await context.ecrPublic.repositories.tag(ref, resourceTagsOf(input.tags));
    return {};
  },
};
