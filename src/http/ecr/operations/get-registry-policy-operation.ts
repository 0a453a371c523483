// GetRegistryPolicy: the caller's registry policy as it was set (RegistryPolicyNotFoundException
// when it has none).
import { registryAccess, type EcrOperation } from '../ecr-context.js';

export const getRegistryPolicy: EcrOperation<Record<string, never>> = {
  name: 'GetRegistryPolicy',
  access: registryAccess,
  async run(_input, context) {
    const registryId = context.principal.accountId;
    return { registryId, policyText: await context.services.resourcePolicies.getRegistryPolicy(registryId) };
  },
};
