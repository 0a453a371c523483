// Who a /v2/ request to the public registry comes from, and whether it may do what it asks. Every
// request carries a Bearer token from the token endpoint (anonymous ones too, as on public.ecr.aws);
// the token's scopes decide: anyone may pull any public repository, only its owner may push to it or
// delete from it (token-route.ts grants those). A request without a token, or with one that does not
// cover it, gets the challenge that tells the client which scope to ask for. Pulls (manifest GETs)
// are counted against the client's pull rate (pull-rate-limits.ts).
import type { FastifyRequest } from 'fastify';
import { grants, type RegistryBearerTokens } from '../../auth/registry-bearer-token.js';
import { RegistryError } from '../../domain/registry-error.js';
import { publicRegistryId } from '../../public-registry/public-repository-name.js';
import type { ResolveOciCaller } from '../oci/oci-caller.js';
import { actionOf, bearerChallenge, bearerTokenOf, scopeFor } from './bearer-challenge.js';
import type { PullRateLimits } from './pull-rate-limits.js';

export function publicRegistryCaller(options: { bearer: RegistryBearerTokens; pulls: PullRateLimits }): ResolveOciCaller {
  return async (request, params) => {
    const name = params.name;
    const action = actionOf(request.method);
    const scope = name === undefined ? undefined : scopeFor(name, action);
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) throw unauthenticated(request, 'authentication required', scope);
    const check = options.bearer.check(token);
    if (check.outcome !== 'valid') {
      throw unauthenticated(request, check.outcome === 'expired' ? 'the token has expired' : 'the token is not valid', scope, 'invalid_token');
    }
    const { principal } = check.claims;
    if (name !== undefined && !grants(check.claims, name, action)) {
      if (!principal) throw unauthenticated(request, `anonymous callers may only pull from public repositories; ${action} needs credentials`, scope, 'insufficient_scope');
      throw new RegistryError('access-denied', `User: ${principal.arn} is not authorized to ${action} the public repository '${name}'`);
    }
    if (request.method === 'GET' && params.reference !== undefined) options.pulls.take(request.ip, principal);
    return { registryId: publicRegistryId, ...(principal && { principal }) };
  };
}

function unauthenticated(request: FastifyRequest, message: string, scope: string | undefined, error?: 'invalid_token' | 'insufficient_scope'): RegistryError {
  const challenge = bearerChallenge(request, { ...(scope !== undefined && { scope }), ...(error !== undefined && { error }) });
  return new RegistryError('unauthenticated', message, { challenge });
}
