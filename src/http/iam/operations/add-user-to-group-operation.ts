// AddUserToGroup: the user gains the group's policies (at most 10 groups per user, IAM's quota).
import { groupResource, type QueryOperation } from '../iam-context.js';

export const addUserToGroup: QueryOperation<{ groupName: string; userName: string }> = {
  name: 'AddUserToGroup',
  input: (params) => ({ groupName: params.requiredString('GroupName'), userName: params.requiredString('UserName') }),
  resource: (input, context) => groupResource(context, input.groupName),
  async run(input, { principal, groups }) {
    await groups.addUserToGroup(principal.accountId, input.groupName, input.userName);
    return undefined;
  },
};
