// Bearer tokens of the registry token flow (docker/distribution "Token Authentication Specification",
// specs/docker/): a client challenged with `WWW-Authenticate: Bearer realm=…,service=…,scope=…` asks
// the realm for a token covering the scopes it needs and sends it as `Authorization: Bearer <token>`.
// Berth's tokens are opaque: the claims (who, which access, until when) sealed with a key derived from
// the master key (AES-256-GCM, as authorization-token.ts seals ECR tokens), so a token can be neither
// read nor forged nor extended, and every node of a deployment accepts the tokens any node issued.
import type { Principal } from '../identity/principal.js';
import type { SecretBox } from '../identity/secret-box.js';

/** Access to one repository, as a scope `repository:<name>:<actions>` grants it. */
export interface RepositoryAccess {
  name: string;
  /** `pull`, `push`, `delete`, `*`. */
  actions: string[];
}

export interface BearerClaims {
  /** Undefined for an anonymous caller. */
  principal?: Principal;
  access: RepositoryAccess[];
  issuedAt: number;
  expiresAt: number;
}

export type BearerCheck = { outcome: 'valid'; claims: BearerClaims } | { outcome: 'expired' } | { outcome: 'invalid' };

export interface IssuedBearerToken {
  token: string;
  issuedAt: Date;
  expiresInSeconds: number;
}

/** Long enough for a large pull between refreshes, short enough to be a credential worth little when leaked. */
export const bearerTokenLifetimeMs = 15 * 60 * 1000;

export class RegistryBearerTokens {
  constructor(
    private readonly secrets: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token for `access`, valid until `notAfter` at the latest (the credentials it was issued for expire then). */
  issue(request: { principal?: Principal; access: RepositoryAccess[]; notAfter?: number }): IssuedBearerToken {
    const issuedAt = this.now();
    const expiresAt = Math.min(issuedAt + bearerTokenLifetimeMs, request.notAfter ?? Infinity);
    const claims: BearerClaims = { ...(request.principal && { principal: request.principal }), access: request.access, issuedAt, expiresAt };
    return {
      token: this.secrets.seal(JSON.stringify(claims)),
      issuedAt: new Date(issuedAt),
      expiresInSeconds: Math.max(0, Math.floor((expiresAt - issuedAt) / 1000)),
    };
  }

  check(token: string): BearerCheck {
    const plaintext = this.secrets.open(token);
    if (plaintext === undefined) return { outcome: 'invalid' };
    const claims = JSON.parse(plaintext) as BearerClaims;
    if (claims.expiresAt <= this.now()) return { outcome: 'expired' };
    return { outcome: 'valid', claims };
  }
}

/** Whether the claims allow `action` on the repository (`*` allows every action). */
export function grants(claims: BearerClaims, name: string, action: string): boolean {
  return claims.access.some((access) => access.name === name && (access.actions.includes(action) || access.actions.includes('*')));
}
