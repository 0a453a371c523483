// ListGroupsForUser: the groups a user belongs to, in name order, paged.
import { userResource, type QueryOperation } from '../iam-context.js';
import { groupShape } from '../iam-shapes.js';
import { pageOf, readPageRequest, type PageRequest } from '../query-protocol/query-pagination.js';

export const listGroupsForUser: QueryOperation<{ userName: string; page: PageRequest }> = {
  name: 'ListGroupsForUser',
  input: (params) => ({ userName: params.requiredString('UserName'), page: readPageRequest(params) }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, groups }) {
    const page = pageOf(await groups.listGroupsForUser(principal.accountId, input.userName), (group) => group.groupName, input.page);
    return { Groups: page.items.map(groupShape), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
};
