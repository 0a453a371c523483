// GetUserPolicy: an inline policy of a user, its document URL-encoded as IAM returns documents.
import { userResource, type QueryOperation } from '../iam-context.js';
import { encodedDocument } from '../iam-shapes.js';

export const getUserPolicy: QueryOperation<{ userName: string; policyName: string }> = {
  name: 'GetUserPolicy',
  input: (params) => ({ userName: params.requiredString('UserName'), policyName: params.requiredString('PolicyName') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, permissions }) {
    const policy = await permissions.getUserPolicy(principal.accountId, input.userName, input.policyName);
    return { UserName: policy.owner.name, PolicyName: policy.policyName, PolicyDocument: encodedDocument(policy.document) };
  },
};
