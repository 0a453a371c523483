// ListAttachedUserPolicies: the managed policies attached to a user (name and ARN), in name order,
// optionally those under a path prefix, paged.
import { policyArn } from '../../../identity/iam-arns.js';
import { userResource, type QueryOperation } from '../iam-context.js';
import { pageOf, readPageRequest, type PageRequest } from '../query-protocol/query-pagination.js';

export const listAttachedUserPolicies: QueryOperation<{ userName: string; pathPrefix?: string; page: PageRequest }> = {
  name: 'ListAttachedUserPolicies',
  input: (params) => ({ userName: params.requiredString('UserName'), pathPrefix: params.optionalString('PathPrefix'), page: readPageRequest(params) }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, permissions }) {
    const attached = await permissions.listAttachedUserPolicies(principal.accountId, input.userName, input.pathPrefix);
    const page = pageOf(attached, (policy) => policy.policyName, input.page);
    return {
      AttachedPolicies: page.items.map((policy) => ({ PolicyName: policy.policyName, PolicyArn: policyArn(policy.accountId, policy.path, policy.policyName) })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
};
