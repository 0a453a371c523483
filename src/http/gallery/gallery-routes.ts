// The gallery API (docs/ecr-public.md "Gallery"): public catalog data as JSON, without credentials,
// on every host, for a gallery page like https://gallery.ecr.aws.
//   GET /gallery/api/repositories?q=&architecture=&operatingSystem=&maxResults=&nextToken=
//   GET /gallery/api/repositories/<alias>/<name>     one repository, about and usage text included
//   GET /gallery/api/logos/<alias>/<name>            its logo (the logoUrl of the ECR Public API)
// Errors are `{"error": {"code", "message"}}` with 400, 404 or 429, translated here once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RegistryError, type RegistryErrorCode } from '../../domain/registry-error.js';
import type { GalleryRepository, GalleryService } from '../../public-registry/gallery-service.js';
import { storedRepositoryName } from '../../public-registry/public-repository-name.js';
import { decodeNextToken, pageOf } from '../ecr/pagination-token.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { publicRegistryHostFor, type PublicRegistryHostOptions } from '../public-registry/public-registry-host.js';

export interface GalleryRoutesOptions {
  gallery: GalleryService;
  publicHost: PublicRegistryHostOptions;
  guards?: RequestGuard[];
}

const defaultPageSize = 25;
const maxPageSize = 100;

export function registerGalleryRoutes(app: FastifyInstance, options: GalleryRoutesOptions): void {
  const route = (url: string, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) =>
    app.get(url, async (request, reply) => {
      try {
        for (const guard of options.guards ?? []) await guard(request);
        return await handler(request, reply);
      } catch (error) {
        return sendGalleryError(request, reply, error);
      }
    });

  route('/gallery/api/repositories', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const after = decodeNextToken(single(query, 'nextToken'), 'after');
    const page = await pageOf(
      pageSize(single(query, 'maxResults')),
      (limit) =>
        options.gallery.search({
          limit,
          ...optional('text', single(query, 'q')),
          ...optional('architecture', single(query, 'architecture')),
          ...optional('operatingSystem', single(query, 'operatingSystem')),
          ...(after !== undefined && { after }),
        }),
      (last) => ({ after: storedRepositoryName(last.alias, last.name) }),
    );
    return reply.send({ repositories: page.items.map((found) => view(found, request, options, false)), ...(page.nextToken && { nextToken: page.nextToken }) });
  });

  route('/gallery/api/repositories/*', async (request, reply) => {
    const { alias, name } = aliasAndName(request);
    return reply.send(view(await options.gallery.repository(alias, name), request, options, true));
  });

  route('/gallery/api/logos/*', async (request, reply) => {
    const { alias, name } = aliasAndName(request);
    const logo = await options.gallery.logo(alias, name);
    // Logos are the owner's content: never let a browser run them as a page of this origin.
    return reply
      .header('content-type', logo.mediaType)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=300')
      .send(logo.bytes);
  });
}

function view(found: GalleryRepository, request: FastifyRequest, options: GalleryRoutesOptions, detailed: boolean) {
  const scheme = request.protocol === 'https' ? 'https' : 'http';
  const host = publicRegistryHostFor(options.publicHost, request.headers.host ?? 'localhost');
  const path = storedRepositoryName(found.alias, found.name);
  const catalog = found.catalogData;
  return {
    registryAlias: found.alias,
    repositoryName: found.name,
    repositoryUri: `${host}/${path}`,
    ...(found.registryDisplayName !== undefined && { registryDisplayName: found.registryDisplayName }),
    createdAt: new Date(found.createdAt).toISOString(),
    ...(catalog?.description !== undefined && { description: catalog.description }),
    architectures: catalog?.architectures ?? [],
    operatingSystems: catalog?.operatingSystems ?? [],
    ...(catalog?.hasLogo && { logoUrl: `${scheme}://${host}/gallery/api/logos/${path}?v=${catalog.updatedAt}` }),
    ...(detailed && catalog?.aboutText !== undefined && { aboutText: catalog.aboutText }),
    ...(detailed && catalog?.usageText !== undefined && { usageText: catalog.usageText }),
  };
}

/** `<alias>/<name…>` after the route's prefix. */
function aliasAndName(request: FastifyRequest): { alias: string; name: string } {
  const rest = (request.params as { '*': string })['*'];
  const slash = rest.indexOf('/');
  if (slash === -1) throw new RegistryError('repository-not-found', `no public repository ${rest}`);
  return { alias: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new RegistryError('invalid-parameter', `${name} may be given once`);
  return value;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

function pageSize(value: string | undefined): number {
  if (value === undefined) return defaultPageSize;
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > maxPageSize) throw new RegistryError('invalid-parameter', `maxResults must be 1 to ${maxPageSize}`);
  return size;
}

const statuses: Partial<Record<RegistryErrorCode, number>> = {
  'invalid-parameter': 400,
  'repository-name-invalid': 400,
  'pagination-invalid': 400,
  'repository-not-found': 404,
  'catalog-data-not-found': 404,
  'too-many-requests': 429,
};

function sendGalleryError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const status = error instanceof RegistryError ? statuses[error.code] : undefined;
  if (status === undefined || !(error instanceof RegistryError)) {
    request.log.error({ err: error }, 'gallery request failed');
    return reply.code(500).send({ error: { code: 'InternalError', message: 'internal server error' } });
  }
  if (error.code === 'too-many-requests') reply.header('retry-after', String((error.detail as { retryAfterSeconds?: number })?.retryAfterSeconds ?? 1));
  return reply.code(status).send({ error: { code: error.code, message: error.message } });
}
