// PutLifecyclePolicy: validates the policy whole (ECR's InvalidParameterException and message
// otherwise, the policy in force unchanged) and stores it exactly as sent.
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  lifecyclePolicyText: string;
}

export const putLifecyclePolicy: EcrOperation<Input> = {
  name: 'PutLifecyclePolicy',
  access: repositoryAccess,
  async run(input, context) {
    const { repository, policy } = await context.lifecycle.policies.put(targetRepository(context, input), input.lifecyclePolicyText);
    return { registryId: repository.registryId, repositoryName: repository.name, lifecyclePolicyText: policy.text };
  },
};
