// GetRepositoryPolicy: the policy text as stored; RepositoryPolicyNotFoundException when there is none.
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const getRepositoryPolicy: EcrPublicOperation<Input> = {
  name: 'GetRepositoryPolicy',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const policyText = await context.ecrPublic.repositories.policy(ref);
    return { registryId: ref.accountId, repositoryName: ref.name, policyText };
  },
};
