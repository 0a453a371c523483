// DescribeRegistry: the caller's registry and its replication configuration. Berth does not
// replicate yet, so the configuration has no rules (what ECR answers for a registry without one).
import { registryAccess, type EcrOperation } from '../ecr-context.js';

export const describeRegistry: EcrOperation<Record<string, never>> = {
  name: 'DescribeRegistry',
  access: registryAccess,
  async run(_input, context) {
    return { registryId: context.principal.accountId, replicationConfiguration: { rules: [] } };
  },
};
