// DeleteRepositoryPolicy: removes the repository's policy and returns the text it had
// (RepositoryPolicyNotFoundException when it has none).
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const deleteRepositoryPolicy: EcrOperation<Input> = {
  name: 'DeleteRepositoryPolicy',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const policyText = await context.services.resourcePolicies.deleteRepositoryPolicy(address);
    return { registryId: address.registryId, repositoryName: address.name, policyText };
  },
};
