// DeleteUserPolicy: removes an inline policy of a user.
import { userResource, type QueryOperation } from '../iam-context.js';

export const deleteUserPolicy: QueryOperation<{ userName: string; policyName: string }> = {
  name: 'DeleteUserPolicy',
  input: (params) => ({ userName: params.requiredString('UserName'), policyName: params.requiredString('PolicyName') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, permissions }) {
    await permissions.deleteUserPolicy(principal.accountId, input.userName, input.policyName);
    return undefined;
  },
};
