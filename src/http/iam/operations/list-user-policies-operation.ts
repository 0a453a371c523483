// ListUserPolicies: the names of a user's inline policies, in name order, paged.
import { userResource, type QueryOperation } from '../iam-context.js';
import { pageOf, readPageRequest, type PageRequest } from '../query-protocol/query-pagination.js';

export const listUserPolicies: QueryOperation<{ userName: string; page: PageRequest }> = {
  name: 'ListUserPolicies',
  input: (params) => ({ userName: params.requiredString('UserName'), page: readPageRequest(params) }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, permissions }) {
    const page = pageOf(await permissions.listUserPolicies(principal.accountId, input.userName), (name) => name, input.page);
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
};
