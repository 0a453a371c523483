// CreateGroup: a group of the caller's account, with an optional path.
import { groupResource, type QueryOperation } from '../iam-context.js';
import { groupShape } from '../iam-shapes.js';

export const createGroup: QueryOperation<{ groupName: string; path?: string }> = {
  name: 'CreateGroup',
  input: (params) => ({ groupName: params.requiredString('GroupName'), path: params.optionalString('Path') }),
  resource: (input, context) => groupResource(context, input.groupName, input.path ?? '/'),
  async run(input, { principal, groups }) {
    return { Group: groupShape(await groups.createGroup(principal.accountId, input.groupName, { path: input.path })) };
  },
};
