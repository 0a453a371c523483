// AttachUserPolicy: attaches a managed policy of the caller's account to a user (at most 10 per
// user, IAM's quota). AWS managed policies (arn:aws:iam::aws:policy/…) do not exist in Berth.
import { userResource, type QueryOperation } from '../iam-context.js';

export const attachUserPolicy: QueryOperation<{ userName: string; policyArn: string }> = {
  name: 'AttachUserPolicy',
  input: (params) => ({ userName: params.requiredString('UserName'), policyArn: params.requiredString('PolicyArn') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, permissions }) {
    await permissions.attachUserPolicy(principal.accountId, input.userName, input.policyArn);
    return undefined;
  },
};
