// SetRepositoryPolicy: stores the policy text of a public repository as sent, once the validator
// accepts it (public-registry/repository-policy.ts). `force` guards against policies that would lock
// their author out; Berth does not enforce repository policies yet, so none can, and `force` changes nothing.
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  policyText: string;
  force?: boolean;
}

export const setRepositoryPolicy: EcrPublicOperation<Input> = {
  name: 'SetRepositoryPolicy',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const policyText = await context.ecrPublic.repositories.setPolicy(ref, input.policyText);
    return { registryId: ref.accountId, repositoryName: ref.name, policyText };
  },
};
