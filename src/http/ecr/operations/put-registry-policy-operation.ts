// PutRegistryPolicy: sets or replaces the caller's registry policy, checked under the account's
// REGISTRY_POLICY_SCOPE (V2 by default: any ecr: action, enforced on every request to the registry).
// A refused document is InvalidParameterException with the reason, and the policy in force stays.
import { registryAccess, type EcrOperation } from '../ecr-context.js';

interface Input {
  policyText: string;
}

export const putRegistryPolicy: EcrOperation<Input> = {
  name: 'PutRegistryPolicy',
  access: registryAccess,
  async run(input, context) {
    const registryId = context.principal.accountId;
    const policyText = await context.services.resourcePolicies.putRegistryPolicy(registryId, input.policyText);
    return { registryId, policyText };
  },
};
