// Verifies an incoming SigV4-signed request (Authorization header or presigned query string) and
// says who signed it, or throws a SigV4Error with the code and message AWS would send.
//
// Check order follows AWS (dynalite's captures; scratchstack's error-ordering tests): both auth
// styles → missing token → malformed parameters → host signed → date format → clock skew /
// expiry → credential shape → scope → unknown key → signature → session token.

import { createHash, timingSafeEqual } from 'node:crypto';

import { checkClockSkew, formatAmzDate, parseAmzDate } from './amz-date.js';
import {
  checkRequiredSignedHeaders,
  hasQueryAuthentication,
  parseAuthorizationHeader,
  parseQueryAuthentication,
  type SignatureParameters,
} from './authorization-header.js';
import { checkCredentialScope, parseCredential, type CredentialScope, type ScopeExpectation } from './credential-scope.js';
import { parseRequestTarget, queryValue } from './request-target.js';
import { calculateSignature, type RawHeaders } from './signature-calculator.js';
import { MESSAGES, SigV4Error } from './sigv4-error.js';

export interface SigV4Request {
  method: string;
  /** Raw request target as received: path plus query string, still percent-encoded. */
  path: string;
  /** Header names lowercased; repeated headers may be given as arrays. */
  headers: RawHeaders;
  body: Uint8Array | string | undefined;
  now: Date;
}

/** What a key store returns for an access key id. Extra members describe the principal. */
export interface SigningSecret {
  secretAccessKey: string;
  /** Temporary credentials: the request must carry this exact X-Amz-Security-Token. */
  sessionToken?: string;
  expiresAt?: Date;
}

export type SecretLookup<S extends SigningSecret> = (accessKeyId: string) => Promise<S | undefined>;

export interface VerifyOptions<S extends SigningSecret> extends ScopeExpectation {
  lookupSecret: SecretLookup<S>;
  /** Headers that must be signed besides `host`, e.g. `['x-amz-target']`. */
  requiredSignedHeaders?: readonly string[];
  /** Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD` (S3 style). Off: control-plane bodies are signed. */
  allowUnsignedPayload?: boolean;
}

export interface VerifiedRequest<S extends SigningSecret> {
  accessKeyId: string;
  scope: Omit<CredentialScope, 'accessKeyId'>;
  signedAt: Date;
  signedHeaders: string[];
  via: 'authorization-header' | 'presigned-url';
  /** The lookup result without its secret. */
  principal: Omit<S, 'secretAccessKey'>;
}

/** Accepts either signing style, as AWS services do. */
export function verifySigV4Request<S extends SigningSecret>(
  request: SigV4Request,
  options: VerifyOptions<S>,
): Promise<VerifiedRequest<S>> {
  return verify(request, options, { presignedOnly: false });
}

/**
 * For URLs Berth itself hands out (GetDownloadUrlForLayer): only the presigned style, and
 * X-Amz-Expires is required and enforced.
 */
export function verifyPresignedRequest<S extends SigningSecret>(
  request: SigV4Request,
  options: VerifyOptions<S>,
): Promise<VerifiedRequest<S>> {
  return verify(request, options, { presignedOnly: true });
}

async function verify<S extends SigningSecret>(
  request: SigV4Request,
  options: VerifyOptions<S>,
  { presignedOnly }: { presignedOnly: boolean },
): Promise<VerifiedRequest<S>> {
  const headers = lowercaseKeys(request.headers);
  const target = parseRequestTarget(request.path);
  const authorization = firstValue(headers['authorization']);
  const presigned = hasQueryAuthentication(target.query);

  if (authorization !== undefined && presigned) {
    throw new SigV4Error(
      'signature-mismatch',
      `Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.`,
    );
  }
  if ((authorization === undefined || presignedOnly) && !presigned) {
    throw new SigV4Error('missing-authentication-token', MESSAGES.missingToken);
  }

  const params: SignatureParameters = presigned
    ? parseQueryAuthentication(target.query, { requireExpires: presignedOnly })
    : parseAuthorizationHeader(authorization!, {
        amzDate: firstValue(headers['x-amz-date']),
        date: firstValue(headers['date']),
      });

  checkRequiredSignedHeaders(params.signedHeaders, options.requiredSignedHeaders ?? []);
  const signedAt = parseAmzDate(params.date, { allowHttpDate: params.dateSource === 'date' });
  if (params.expires !== undefined) checkPresignedExpiry(signedAt, params.expires, request.now);
  else checkClockSkew(signedAt, request.now);

  const scope = parseCredential(params.credential);
  checkCredentialScope(scope, signedAt, options);

  const stored = await options.lookupSecret(scope.accessKeyId);
  if (stored === undefined) throw new SigV4Error('unrecognized-client', MESSAGES.invalidToken);

  const expected = await calculateSignature({
    method: request.method.toUpperCase(),
    path: target.path,
    query: target.query,
    headers,
    signedHeaders: params.signedHeaders,
    payloadHash: payloadHash(headers, request.body, options.allowUnsignedPayload ?? false),
    amzDate: formatAmzDate(signedAt),
    signedAt,
    region: scope.region,
    service: scope.service,
    accessKeyId: scope.accessKeyId,
    secretAccessKey: stored.secretAccessKey,
  });
  if (!hexEqual(expected, params.signature)) throw new SigV4Error('signature-mismatch', MESSAGES.signatureMismatch);

  const sessionToken = presigned ? queryValue(target.query, 'X-Amz-Security-Token') : firstValue(headers['x-amz-security-token']);
  checkSessionToken(stored, sessionToken, request.now);

  const { secretAccessKey: _secret, ...principal } = stored;
  return {
    accessKeyId: scope.accessKeyId,
    scope: { date: scope.date, region: scope.region, service: scope.service },
    signedAt,
    signedHeaders: params.signedHeaders,
    via: presigned ? 'presigned-url' : 'authorization-header',
    principal,
  };
}

/** Presigned URLs live up to a week (S3 limit) and may not be dated in the future. */
const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

function checkPresignedExpiry(signedAt: Date, expires: string, now: Date): void {
  // S3's wording for these two (AuthorizationQueryParametersError).
  if (!/^\d+$/.test(expires)) throw new SigV4Error('incomplete-signature', 'X-Amz-Expires should be a number');
  const seconds = Number(expires);
  if (seconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw new SigV4Error(
      'incomplete-signature',
      `X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_PRESIGNED_EXPIRES_SECONDS}`,
    );
  }
  // A URL dated in the future is held to the usual 15-minute skew; past dates only to its expiry.
  if (signedAt.getTime() > now.getTime()) checkClockSkew(signedAt, now);
  if (now.getTime() > signedAt.getTime() + seconds * 1000) {
    throw new SigV4Error('presigned-url-expired', MESSAGES.presignedExpired);
  }
}

/**
 * The payload line of the canonical request. A signed `x-amz-content-sha256` must equal the body's
 * real hash, otherwise a body could be swapped under a valid signature.
 */
function payloadHash(headers: RawHeaders, body: SigV4Request['body'], allowUnsigned: boolean): string {
  const actual = createHash('sha256').update(body ?? '').digest('hex');
  const declared = firstValue(headers['x-amz-content-sha256']);
  if (declared === undefined || declared === actual) return actual;
  if (declared === 'UNSIGNED-PAYLOAD' && allowUnsigned) return declared;
  throw new SigV4Error('signature-mismatch', MESSAGES.signatureMismatch);
}

function checkSessionToken(stored: SigningSecret, presented: string | undefined, now: Date): void {
  if (stored.sessionToken === undefined && presented === undefined) return;
  if (stored.sessionToken === undefined || presented === undefined || !textEqual(stored.sessionToken, presented)) {
    throw new SigV4Error('unrecognized-client', MESSAGES.invalidToken);
  }
  if (stored.expiresAt !== undefined && stored.expiresAt.getTime() <= now.getTime()) {
    throw new SigV4Error('expired-token', MESSAGES.expiredToken);
  }
}

function hexEqual(expected: string, provided: string): boolean {
  return /^[0-9a-f]{64}$/.test(provided) && timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(provided, 'hex'));
}

function textEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

function firstValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value[0];
}

function lowercaseKeys(headers: RawHeaders): RawHeaders {
  const result: Record<string, string | readonly string[] | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const existing = result[key];
    result[key] = existing === undefined ? value : [...toArray(existing), ...toArray(value)];
  }
  return result;
}

function toArray(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}
