// DeleteUser: only a user without access keys, policies (inline or attached) and groups (DeleteConflict).
import { userResource, type QueryOperation } from '../iam-context.js';

export const deleteUser: QueryOperation<{ userName: string }> = {
  name: 'DeleteUser',
  input: (params) => ({ userName: params.requiredString('UserName') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, { principal, identity }) {
    await identity.deleteUser(principal.accountId, input.userName);
    return undefined;
  },
};
