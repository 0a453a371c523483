// DeleteAccessKey: removes a key of the named user (or of the caller) for good.
import { userNameOrCaller, userResource, type QueryOperation } from '../iam-context.js';

export const deleteAccessKey: QueryOperation<{ userName?: string; accessKeyId: string }> = {
  name: 'DeleteAccessKey',
  input: (params) => ({ userName: params.optionalString('UserName'), accessKeyId: params.requiredString('AccessKeyId') }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, context) {
    await context.identity.deleteAccessKey(context.principal.accountId, userNameOrCaller(context, input.userName), input.accessKeyId);
    return undefined;
  },
};
