// GET /v2/_catalog and GET /v2/<name>/tags/list, with `n`/`last` and RFC 5988 `Link` paging.
import { repositoryAddress } from '../../registry/repository-address.js';
import { parsePageSize, type ListingPage } from '../../registry/pagination.js';
import { singleQuery, type OciContext, type OciRoute } from './oci-context.js';

function listingRequest(context: OciContext) {
  const n = parsePageSize(singleQuery(context, 'n'));
  const last = singleQuery(context, 'last');
  return { ...(n !== undefined && { n }), ...(last !== undefined && { last }) };
}

function linkToNext(context: OciContext, path: string, page: ListingPage): void {
  if (page.nextLast === undefined) return;
  const next = new URLSearchParams({ n: String(page.items.length), last: page.nextLast });
  context.reply.header('link', `<${path}?${next.toString()}>; rel="next"`);
}

export const catalogRoute: OciRoute = {
  pattern: /^\/v2\/_catalog$/,
  handlers: {
    GET: async (context) => {
      const page = await context.services.listings.catalog(context.registryId, listingRequest(context));
      linkToNext(context, '/v2/_catalog', page);
      return context.reply.code(200).send({ repositories: page.items });
    },
  },
  actions: { GET: ['ecr:DescribeRepositories'] },
};

export const tagsRoute: OciRoute = {
  pattern: /^\/v2\/(?<name>.+)\/tags\/list$/,
  handlers: {
    GET: async (context) => {
      const address = repositoryAddress(context.registryId, context.params.name);
      const page = await context.services.listings.tags(address, listingRequest(context));
      linkToNext(context, `/v2/${address.name}/tags/list`, page);
      return context.reply.code(200).send({ name: address.name, tags: page.items });
    },
  },
  actions: { GET: ['ecr:ListImages'] },
};
