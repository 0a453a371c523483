// AttachGroupPolicy: attaches a managed policy to a group; it then applies to every member.
import { groupResource, type QueryOperation } from '../iam-context.js';

export const attachGroupPolicy: QueryOperation<{ groupName: string; policyArn: string }> = {
  name: 'AttachGroupPolicy',
  input: (params) => ({ groupName: params.requiredString('GroupName'), policyArn: params.requiredString('PolicyArn') }),
  resource: (input, context) => groupResource(context, input.groupName),
  async run(input, { principal, permissions }) {
    await permissions.attachGroupPolicy(principal.accountId, input.groupName, input.policyArn);
    return undefined;
  },
};
