// PutUserPolicy: creates or replaces an inline policy of a user. The document is checked now
// (MalformedPolicyDocument with the reason) and held to the user's 2,048-character quota.
import { userResource, type QueryOperation } from '../iam-context.js';

interface PutUserPolicyInput {
  userName: string;
  policyName: string;
  policyDocument: string;
}

export const putUserPolicy: QueryOperation<PutUserPolicyInput> = {
  name: 'PutUserPolicy',
  input: (params) => ({
    userName: params.requiredString('UserName'),
    policyName: params.requiredString('PolicyName'),
    policyDocument: params.requiredString('PolicyDocument'),
  }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, permissions }) {
    await permissions.putUserPolicy(principal.accountId, input.userName, input.policyName, input.policyDocument);
    return undefined;
  },
};
