// GET /token on the public registry's host: the realm of its Bearer challenges (docker/distribution
// "Token Authentication Specification"). `?service=<host>&scope=repository:<name>:<actions>` (scope
// repeats, or lists several separated by spaces) → `{"token", "access_token", "expires_in",
// "issued_at"}`. Without credentials the caller is anonymous and gets `pull` on whatever it asks;
// with `Authorization: Basic` of user `AWS` and the password of an ECR Public authorization token
// (`aws ecr-public get-login-password`) it also gets `push` and `delete` on the repositories of its own
// account (named `<its alias>/…`). Scopes are granted, never refused: a token may cover less than was
// asked, and the registry then refuses what it does not cover (public-registry-caller.ts). Wrong
// credentials are refused: 401, so `docker login` fails instead of logging in as nobody.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import type { RegistryBearerTokens, RepositoryAccess } from '../../auth/registry-bearer-token.js';
import { RegistryError } from '../../domain/registry-error.js';
import type { Principal } from '../../identity/principal.js';
import type { PublicRegistryService } from '../../public-registry/public-registry-service.js';
import { sendOciError } from '../oci/oci-errors.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { basicCredentialsOf, serviceOf } from './bearer-challenge.js';

export interface TokenRouteOptions {
  bearer: RegistryBearerTokens;
  /** ECR Public's authorization tokens (GetAuthorizationToken). */
  tokens: AuthorizationTokens;
  registries: PublicRegistryService;
  host: RegExp;
  guards?: RequestGuard[];
}

const ownerActions = new Set(['pull', 'push', 'delete', '*']);

export function registerTokenRoute(app: FastifyInstance, options: TokenRouteOptions): void {
  app.get('/token', { constraints: { host: options.host } }, async (request, reply) => {
    // Its errors are the registry's (OCI error JSON), so it says which API it speaks like /v2/ does.
    reply.header('docker-distribution-api-version', 'registry/2.0');
    try {
      for (const guard of options.guards ?? []) await guard(request);
      const caller = authenticate(request, options.tokens);
      const access: RepositoryAccess[] = [];
      for (const scope of requestedScopes(request)) {
        const granted = await grantedActions(scope, caller.principal, options.registries);
        if (granted.length > 0) access.push({ name: scope.name, actions: granted });
      }
      const issued = options.bearer.issue({
        ...(caller.principal && { principal: caller.principal }),
        access,
        ...(caller.expiresAt !== undefined && { notAfter: caller.expiresAt }),
      });
      request.log.debug({ service: serviceOf(request), principal: caller.principal?.arn ?? 'anonymous', access }, 'registry token issued');
      return reply
        .code(200)
        .header('cache-control', 'no-store')
        .send({ token: issued.token, access_token: issued.token, expires_in: issued.expiresInSeconds, issued_at: issued.issuedAt.toISOString() });
    } catch (error) {
      return sendOciError(reply, error);
    }
  });
}

interface TokenCaller {
  principal?: Principal;
  /** When the credentials the caller presented expire (epoch ms). */
  expiresAt?: number;
}

function authenticate(request: FastifyRequest, tokens: AuthorizationTokens): TokenCaller {
  if (request.headers.authorization === undefined) return {};
  const credentials = basicCredentialsOf(request.headers.authorization);
  const challenge = `Basic realm="${request.protocol === 'https' ? 'https' : 'http'}://${serviceOf(request)}/token"`;
  if (!credentials || credentials.user !== 'AWS') {
    throw new RegistryError('unauthenticated', 'the token endpoint takes HTTP Basic credentials: user AWS and an ECR Public authorization token', { challenge });
  }
  const check = tokens.check(credentials.password);
  if (check.outcome === 'expired') throw new RegistryError('unauthenticated', 'Your authorization token has expired. Reauthenticate and try again.', { challenge });
  if (check.outcome === 'invalid') throw new RegistryError('unauthenticated', 'Not Authorized', { challenge });
  return { principal: check.principal, expiresAt: check.expiresAt };
}

interface RequestedScope {
  name: string;
  actions: string[];
}

/** `repository:<name>:<a>,<b>` scopes of the request; scopes of other types (`registry:catalog:*`) are never granted. */
function requestedScopes(request: FastifyRequest): RequestedScope[] {
  const raw = (request.query as Record<string, string | string[] | undefined>).scope;
  const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).flatMap((value) => value.split(' ')).filter(Boolean);
  const scopes: RequestedScope[] = [];
  for (const value of values) {
    const firstColon = value.indexOf(':');
    const lastColon = value.lastIndexOf(':');
    if (firstColon === -1 || lastColon === firstColon || value.slice(0, firstColon) !== 'repository') continue;
    scopes.push({ name: value.slice(firstColon + 1, lastColon), actions: value.slice(lastColon + 1).split(',').filter(Boolean) });
  }
  return scopes;
}

/** Pull for everyone (every repository of the public registry is public); the rest for the owner. */
async function grantedActions(scope: RequestedScope, principal: Principal | undefined, registries: PublicRegistryService): Promise<string[]> {
  const isOwner = principal !== undefined && (await registries.ownerOf(scope.name)) === principal.accountId;
  return scope.actions.filter((action) => (isOwner ? ownerActions.has(action) : action === 'pull'));
}
