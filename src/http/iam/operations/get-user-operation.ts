// GetUser: the named user, or without a name the caller. For an account's root IAM answers the
// root's own identity: its ARN, the account id as UserId, and no name or path.
import { userNameOrCaller, userResource, type QueryOperation } from '../iam-context.js';
import { userShape } from '../iam-shapes.js';

export const getUser: QueryOperation<{ userName?: string }> = {
  name: 'GetUser',
  input: (params) => ({ userName: params.optionalString('UserName') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, context) {
    const { principal, identity } = context;
    const userName = userNameOrCaller(context, input.userName);
    if (userName === undefined) {
      const account = await identity.getAccount(principal.accountId);
      return { User: { UserId: account.id, Arn: principal.arn, CreateDate: new Date(account.createdAt) } };
    }
    return { User: userShape(await identity.getUser(principal.accountId, userName), { withTags: true }) };
  },
};
