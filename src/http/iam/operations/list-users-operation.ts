// ListUsers: the account's users in name order, optionally those under a path prefix, paged.
import { userArn } from '../../../identity/iam-arns.js';
import type { QueryOperation } from '../iam-context.js';
import { userShape } from '../iam-shapes.js';
import { pageOf, readPageRequest, type PageRequest } from '../query-protocol/query-pagination.js';

export const listUsers: QueryOperation<{ pathPrefix?: string; page: PageRequest }> = {
  name: 'ListUsers',
  input: (params) => ({ pathPrefix: params.optionalString('PathPrefix'), page: readPageRequest(params) }),
  resource: async (_input, { principal }) => userArn(principal.accountId, '/', '*'),
  async run(input, { principal, identity }) {
    const users = await identity.listUsers(principal.accountId, input.pathPrefix);
    const page = pageOf(users, (user) => user.userName, input.page);
    return { Users: page.items.map((user) => userShape(user, { withTags: false })), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
};
