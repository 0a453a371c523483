// GetPolicy: a managed policy of the caller's account by ARN, with its attachment count.
import type { QueryOperation } from '../iam-context.js';
import { policyShape } from '../iam-shapes.js';

export const getPolicy: QueryOperation<{ policyArn: string }> = {
  name: 'GetPolicy',
  input: (params) => ({ policyArn: params.requiredString('PolicyArn') }),
  resource: async (input) => input.policyArn,
  async run(input, { principal, permissions }) {
    const policy = await permissions.getPolicy(principal.accountId, input.policyArn);
    return { Policy: policyShape(policy, policy.attachmentCount) };
  },
};
