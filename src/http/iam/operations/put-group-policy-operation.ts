// PutGroupPolicy: creates or replaces an inline policy of a group (5,120 characters for all of a
// group's inline policies together, IAM's quota); it applies to every member.
import { groupResource, type QueryOperation } from '../iam-context.js';

interface PutGroupPolicyInput {
  groupName: string;
  policyName: string;
  policyDocument: string;
}

export const putGroupPolicy: QueryOperation<PutGroupPolicyInput> = {
  name: 'PutGroupPolicy',
  input: (params) => ({
    groupName: params.requiredString('GroupName'),
    policyName: params.requiredString('PolicyName'),
    policyDocument: params.requiredString('PolicyDocument'),
  }),
  resource: (input, context) => groupResource(context, input.groupName),
  async run(input, { principal, permissions }) {
    await permissions.putGroupPolicy(principal.accountId, input.groupName, input.policyName, input.policyDocument);
    return undefined;
  },
};
