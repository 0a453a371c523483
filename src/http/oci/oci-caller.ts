// Who a /v2/ request comes from and which account's registry it addresses.
// ECR's scheme (ecr-behaviour.md §1.3): HTTP Basic with user `AWS` and the password from
// GetAuthorizationToken, on every request; no token round trip. The account is the one in the host
// name (`<account>.dkr.ecr.<region>.<domain>`), or the deployment's default account on a plain host.
import type { FastifyRequest } from 'fastify';
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import { RegistryError } from '../../domain/registry-error.js';
import type { Principal } from '../../identity/principal.js';

export interface OciCaller {
  registryId: string;
  /** Undefined when the deployment runs without authentication. */
  principal?: Principal;
}

/**
 * `params` are the matched route's (`name`, `reference`, `digest`, …): what the request addresses,
 * for resolvers that authorize per repository (the public registry's, http/public-registry/).
 */
export type ResolveOciCaller = (request: FastifyRequest, params: Readonly<Record<string, string>>) => Promise<OciCaller>;

const accountHost = /^(\d{12})\.dkr\.ecr\.[a-z0-9-]+\./;

/** The account a host name routes to, if it is an ECR-style registry host. */
export function accountFromHost(host: string | undefined): string | undefined {
  return host ? accountHost.exec(host)?.[1] : undefined;
}

export function anonymousCaller(defaultAccountId: string): ResolveOciCaller {
  return async (request) => ({ registryId: accountFromHost(request.headers.host) ?? defaultAccountId });
}

export function ecrTokenCaller(options: { tokens: AuthorizationTokens; defaultAccountId: string }): ResolveOciCaller {
  return async (request) => {
    const registryId = accountFromHost(request.headers.host) ?? options.defaultAccountId;
    const challenge = `Basic realm="${request.protocol}://${request.headers.host ?? 'localhost'}/",service="ecr.amazonaws.com"`;
    const password = basicPassword(request.headers.authorization);
    if (password === undefined) throw new RegistryError('unauthenticated', 'authentication required', { challenge });
    const check = options.tokens.check(password);
    if (check.outcome === 'expired') {
      throw new RegistryError('token-expired', 'Your authorization token has expired. Reauthenticate and try again.');
    }
    if (check.outcome === 'invalid') throw new RegistryError('unauthenticated', 'Not Authorized', { challenge });
    // The caller may address any account's registry: whether it may act there is for the
    // authorizer to decide, per repository, from both accounts' policies.
    return { registryId, principal: check.principal };
  };
}

/** The password of `Authorization: Basic base64(AWS:<password>)`, or undefined. */
function basicPassword(header: string | undefined): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1 || decoded.slice(0, colon) !== 'AWS') return undefined;
  return decoded.slice(colon + 1);
}
