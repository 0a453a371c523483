// DeleteLifecyclePolicy: removes the policy and answers what it was, as GetLifecyclePolicy would have.
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { lifecyclePolicyShape } from './get-lifecycle-policy-operation.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const deleteLifecyclePolicy: EcrOperation<Input> = {
  name: 'DeleteLifecyclePolicy',
  access: repositoryAccess,
  async run(input, context) {
    return lifecyclePolicyShape(await context.lifecycle.policies.delete(targetRepository(context, input)));
  },
};
