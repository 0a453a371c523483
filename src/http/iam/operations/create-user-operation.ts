// CreateUser: a user of the caller's account, with an optional path and tags.
import type { IamTag } from '../../../identity/iam-names.js';
import { userResource, type QueryOperation } from '../iam-context.js';
import { readTags, userShape } from '../iam-shapes.js';

interface CreateUserInput {
  userName: string;
  path?: string;
  tags?: IamTag[];
}

export const createUser: QueryOperation<CreateUserInput> = {
  name: 'CreateUser',
  input: (params) => ({ userName: params.requiredString('UserName'), path: params.optionalString('Path'), tags: readTags(params) }),
  resource: (input, context) => userResource(context, input.userName, input.path ?? '/'),
  async run(input, { principal, identity }) {
    const user = await identity.createUser(principal.accountId, input.userName, { path: input.path, tags: input.tags });
    return { User: userShape(user, { withTags: true }) };
  },
};
