// DeleteRepositoryPolicy: removes the policy and answers with the text it had;
// RepositoryPolicyNotFoundException when there is none.
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const deleteRepositoryPolicy: EcrPublicOperation<Input> = {
  name: 'DeleteRepositoryPolicy',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const policyText = await context.ecrPublic.repositories.deletePolicy(ref);
    return { registryId: ref.accountId, repositoryName: ref.name, policyText };
  },
};
