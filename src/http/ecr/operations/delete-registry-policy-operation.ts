// DeleteRegistryPolicy: removes the caller's registry policy and returns the text it had
// (RegistryPolicyNotFoundException when it has none).
import { registryAccess, type EcrOperation } from '../ecr-context.js';

export const deleteRegistryPolicy: EcrOperation<Record<string, never>> = {
  name: 'DeleteRegistryPolicy',
  access: registryAccess,
  async run(_input, context) {
    const registryId = context.principal.accountId;
    return { registryId, policyText: await context.services.resourcePolicies.deleteRegistryPolicy(registryId) };
  },
};
