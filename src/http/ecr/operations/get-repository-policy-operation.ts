// GetRepositoryPolicy: the repository's policy text as it was set (RepositoryPolicyNotFoundException
// when it has none).
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const getRepositoryPolicy: EcrOperation<Input> = {
  name: 'GetRepositoryPolicy',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const policyText = await context.services.resourcePolicies.getRepositoryPolicy(address);
    return { registryId: address.registryId, repositoryName: address.name, policyText };
  },
};
