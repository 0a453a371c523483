// SetRepositoryPolicy: sets or replaces the repository's policy. A document ECR would refuse is
// InvalidParameterException with the reason, and the policy in force stays. Without `force`, a
// policy that would keep the caller from setting the policy again is refused too (the model:
// "This is intended to prevent accidental repository lock outs"): the caller's own request is
// decided again as if the new policy were in force.
import { RegistryError } from '../../../domain/registry-error.js';
import type { PolicyDocument } from '../../../policy/index.js';
import { repositoryAccess, targetRepository, type EcrContext, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  policyText: string;
  force?: boolean;
}

export const setRepositoryPolicy: EcrOperation<Input> = {
  name: 'SetRepositoryPolicy',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const policyText = await context.services.resourcePolicies.setRepositoryPolicy(address, input.policyText, {
      ...(input.force !== true && { beforeStore: (document) => refuseLockOut(document, input, context) }),
    });
    return { registryId: address.registryId, repositoryName: address.name, policyText };
  },
};

async function refuseLockOut(document: PolicyDocument, input: Input, context: EcrContext): Promise<void> {
  const stillAllowed = await context.authorizer.isAllowed({
    principal: context.principal,
    action: 'ecr:SetRepositoryPolicy',
    resource: repositoryAccess(input, context).resource,
    context: context.requestContext,
    repositoryPolicy: document,
  });
  if (!stillAllowed) {
    throw new RegistryError(
      'invalid-parameter',
      "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The repository policy would prevent you from setting another policy in the future; use force to set it anyway'",
    );
  }
}
