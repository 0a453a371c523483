// ECR authorization tokens (ecr-behaviour.md §1.1): `authorizationToken` is base64("AWS:" + password)
// and the password is base64 of ECR's JSON envelope {payload, datakey, version, type, expiration}.
// The payload is sealed with the master key (AES-256-GCM), so a token can be neither read nor forged
// nor have its expiry moved. The password never contains a colon: `aws ecr get-login-password`
// splits the decoded token on the one colon after "AWS".
import type { Principal } from '../identity/principal.js';
import type { SecretBox } from '../identity/secret-box.js';

export const tokenLifetimeMs = 12 * 60 * 60 * 1000;

export interface IssuedToken {
  /** base64("AWS:" + password): GetAuthorizationToken's `authorizationToken`. */
  authorizationToken: string;
  /** What `docker login --password-stdin` receives. */
  password: string;
  expiresAt: Date;
}

interface SealedClaims {
  principal: Principal;
  expiresAt: number;
}

export type TokenCheck = { outcome: 'valid'; principal: Principal; expiresAt: number } | { outcome: 'expired' } | { outcome: 'invalid' };

export class AuthorizationTokens {
  /** Verified passwords, so the hot path decrypts each token once, not once per request. */
  private readonly verified = new Map<string, SealedClaims>();

  constructor(
    private readonly secrets: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  issue(principal: Principal): IssuedToken {
    const expiresAt = this.now() + tokenLifetimeMs;
    const envelope = {
      payload: this.secrets.seal(JSON.stringify({ principal, expiresAt } satisfies SealedClaims)),
      datakey: this.secrets.keyId,
      version: '2',
      type: 'DATA_KEY',
      expiration: Math.floor(expiresAt / 1000),
    };
    const password = Buffer.from(JSON.stringify(envelope)).toString('base64');
    return { authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'), password, expiresAt: new Date(expiresAt) };
  }

  check(password: string): TokenCheck {
    const claims = this.verified.get(password) ?? this.open(password);
    if (!claims) return { outcome: 'invalid' };
    if (claims.expiresAt <= this.now()) {
      this.verified.delete(password);
      return { outcome: 'expired' };
    }
    return { outcome: 'valid', principal: claims.principal, expiresAt: claims.expiresAt };
  }

  private open(password: string): SealedClaims | undefined {
    let envelope: { payload?: unknown };
    try {
      envelope = JSON.parse(Buffer.from(password, 'base64').toString('utf8')) as { payload?: unknown };
    } catch {
      return undefined;
    }
    if (typeof envelope?.payload !== 'string') return undefined;
    const plaintext = this.secrets.open(envelope.payload);
    if (plaintext === undefined) return undefined;
    const claims = JSON.parse(plaintext) as SealedClaims;
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(password, claims);
    return claims;
  }
}
