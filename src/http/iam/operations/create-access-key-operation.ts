// CreateAccessKey: a key for the named user, or for the caller (an account's root gets a root key).
// The only time the secret is shown.
import { userNameOrCaller, userResource, type QueryOperation } from '../iam-context.js';

export const createAccessKey: QueryOperation<{ userName?: string }> = {
  name: 'CreateAccessKey',
  input: (params) => ({ userName: params.optionalString('UserName') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, context) {
    const key = await context.identity.createAccessKey(context.principal.accountId, userNameOrCaller(context, input.userName));
    return {
      AccessKey: {
        UserName: key.userName,
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        SecretAccessKey: key.secretAccessKey,
        CreateDate: new Date(key.createdAt),
      },
    };
  },
};
