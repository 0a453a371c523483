// ListAccessKeys: the keys of the named user or of the caller, oldest first, without secrets.
import { userNameOrCaller, userResource, type QueryOperation } from '../iam-context.js';
import { pageOf, readPageRequest, type PageRequest } from '../query-protocol/query-pagination.js';

export const listAccessKeys: QueryOperation<{ userName?: string; page: PageRequest }> = {
  name: 'ListAccessKeys',
  input: (params) => ({ userName: params.optionalString('UserName'), page: readPageRequest(params) }),
  resource: (input, context) => userResource(context, input.userName),
  async run(input, context) {
    const keys = await context.identity.listAccessKeys(context.principal.accountId, userNameOrCaller(context, input.userName));
    // The page marker needs a key that sorts as the list does: creation time, then id.
    const orderKey = (key: (typeof keys)[number]) => `${String(key.createdAt).padStart(16, '0')}/${key.accessKeyId}`;
    const page = pageOf([...keys].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1)), orderKey, input.page);
    return {
      AccessKeyMetadata: page.items.map((key) => ({ UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: new Date(key.createdAt) })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
};
