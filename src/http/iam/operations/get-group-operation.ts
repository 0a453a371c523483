// GetGroup: a group and its members, in name order, paged.
import { groupResource, type QueryOperation } from '../iam-context.js';
import { groupShape, userShape } from '../iam-shapes.js';
import { pageOf, readPageRequest, type PageRequest } from '../query-protocol/query-pagination.js';

export const getGroup: QueryOperation<{ groupName: string; page: PageRequest }> = {
  name: 'GetGroup',
  input: (params) => ({ groupName: params.requiredString('GroupName'), page: readPageRequest(params) }),
  resource: (input, context) => groupResource(context, input.groupName),
  async run(input, { principal, groups }) {
    const { group, users } = await groups.getGroup(principal.accountId, input.groupName);
    const page = pageOf(users, (user) => user.userName, input.page);
    return { Group: groupShape(group), Users: page.items.map((user) => userShape(user, { withTags: false })), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
};
