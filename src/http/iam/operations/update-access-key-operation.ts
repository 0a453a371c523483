// UpdateAccessKey: makes a key of the named user (or of the caller) Active or Inactive. An inactive
// key signs nothing Berth accepts until it is made active again.
import { userNameOrCaller, userResource, type QueryOperation } from '../iam-context.js';

interface UpdateAccessKeyInput {
  userName?: string;
  accessKeyId: string;
  status: 'Active' | 'Inactive';
}

export const updateAccessKey: QueryOperation<UpdateAccessKeyInput> = {
  name: 'UpdateAccessKey',
  input: (params) => ({
    userName: params.optionalString('UserName'),
    accessKeyId: params.requiredString('AccessKeyId'),
    status: params.requiredEnum('Status', ['Active', 'Inactive'] as const),
  }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, context) {
    await context.identity.updateAccessKey(context.principal.accountId, userNameOrCaller(context, input.userName), input.accessKeyId, input.status);
    return undefined;
  },
};
