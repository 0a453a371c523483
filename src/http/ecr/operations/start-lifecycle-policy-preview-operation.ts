// StartLifecyclePolicyPreview: the given policy (validated first), or the repository's own, previewed
// in the background; the answer is IN_PROGRESS and GetLifecyclePolicyPreview follows it to COMPLETE.
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  lifecyclePolicyText?: string;
}

export const startLifecyclePolicyPreview: EcrOperation<Input> = {
  name: 'StartLifecyclePolicyPreview',
  access: repositoryAccess,
  async run(input, context) {
    const { repository, policyText } = await context.lifecycle.previews.start(targetRepository(context, input), input.lifecyclePolicyText);
    return { registryId: repository.registryId, repositoryName: repository.name, lifecyclePolicyText: policyText, status: 'IN_PROGRESS' };
  },
};
