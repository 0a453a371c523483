// The public registry's challenges and credentials (docker/distribution token authentication): a
// request without a usable token is answered 401 with
//   WWW-Authenticate: Bearer realm="<scheme>://<host>/token",service="<host>",scope="repository:<name>:<actions>"
// and the client fetches a token from the realm for that scope (token-route.ts). `error=` says why a
// token was refused (RFC 6750 §3.1): invalid_token (expired, forged), insufficient_scope.
import type { FastifyRequest } from 'fastify';

export type RepositoryAction = 'pull' | 'push' | 'delete';

/** What a /v2/ method does to a repository. */
export function actionOf(method: string): RepositoryAction {
  if (method === 'GET' || method === 'HEAD') return 'pull';
  return method === 'DELETE' ? 'delete' : 'push';
}

/** The scope a client needs for `action`: a push reads too (blob checks, mounts). */
export function scopeFor(name: string, action: RepositoryAction): string {
  return `repository:${name}:${action === 'push' ? 'pull,push' : action}`;
}

/** The service the tokens are for: the host the client reached, as the challenge names it. */
export function serviceOf(request: FastifyRequest): string {
  return request.headers.host ?? 'localhost';
}

export function bearerChallenge(request: FastifyRequest, options: { scope?: string; error?: 'invalid_token' | 'insufficient_scope' } = {}): string {
  const scheme = request.protocol === 'https' ? 'https' : 'http';
  const parts = [`realm="${scheme}://${serviceOf(request)}/token"`, `service="${serviceOf(request)}"`];
  if (options.scope !== undefined) parts.push(`scope="${options.scope}"`);
  if (options.error !== undefined) parts.push(`error="${options.error}"`);
  return `Bearer ${parts.join(',')}`;
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** user and password of `Authorization: Basic base64(user:password)`, or undefined. */
export function basicCredentialsOf(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
