// DetachUserPolicy: detaches a managed policy from a user (NoSuchEntity when it was not attached).
import { userResource, type QueryOperation } from '../iam-context.js';

export const detachUserPolicy: QueryOperation<{ userName: string; policyArn: string }> = {
  name: 'DetachUserPolicy',
  input: (params) => ({ userName: params.requiredString('UserName'), policyArn: params.requiredString('PolicyArn') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, permissions }) {
    await permissions.detachUserPolicy(principal.accountId, input.userName, input.policyArn);
    return undefined;
  },
};
