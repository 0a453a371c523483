// RemoveUserFromGroup: the user loses the group's policies (and can then be deleted, if nothing else holds it).
import { groupResource, type QueryOperation } from '../iam-context.js';

export const removeUserFromGroup: QueryOperation<{ groupName: string; userName: string }> = {
  name: 'RemoveUserFromGroup',
  input: (params) => ({ groupName: params.requiredString('GroupName'), userName: params.requiredString('UserName') }),
  resource: (input, context) => groupResource(context, input.groupName),
  async run(input, { principal, groups }) {
    await groups.removeUserFromGroup(principal.accountId, input.groupName, input.userName);
    return undefined;
  },
};
