// Reads the two places a SigV4 signature can travel: the `Authorization` header
// (`AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`) or the presigned query string
// (`X-Amz-Algorithm`, `X-Amz-Credential`, …). Check order and messages follow AWS
// (dynalite index.js; scratchstack-aws-signature error-ordering tests).

import { SigV4Error } from './sigv4-error.js';
import { queryValue, type QueryParameters } from './request-target.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SignatureParameters {
  algorithm: string;
  credential: string;
  /** Lowercase header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** The signed time as sent (X-Amz-Date, or the Date header for header auth). */
  date: string;
  dateSource: 'x-amz-date' | 'date';
  /** Presigned only: X-Amz-Expires as sent. */
  expires?: string;
}

export function parseAuthorizationHeader(
  header: string,
  dateHeaders: { amzDate?: string; date?: string },
): SignatureParameters {
  const trimmed = header.trim();
  // Anything that is not an AWS4 signature (Basic, Bearer, AWS v2) is "no token" to AWS.
  if (!trimmed.startsWith('AWS4-')) throw new SigV4Error('missing-authentication-token', 'Missing Authentication Token');

  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw new SigV4Error('incomplete-signature', `Unsupported AWS 'algorithm': '${algorithm}'.`);
  }

  const params = new Map<string, string>();
  const rest = space === -1 ? '' : trimmed.slice(space);
  for (const part of rest.split(/[\s,]+/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq === -1) {
      throw new SigV4Error(
        'incomplete-signature',
        `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${trimmed}'`,
      );
    }
    params.set(part.slice(0, eq), part.slice(eq + 1));
  }

  const problems: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(name)) problems.push(`Authorization header requires '${name}' parameter.`);
  }
  if (dateHeaders.amzDate === undefined && dateHeaders.date === undefined) {
    problems.push(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  }
  // AWS ends the message with the algorithm only, not the whole header.
  if (problems.length > 0) throw new SigV4Error('incomplete-signature', `${problems.join(' ')} Authorization=${algorithm}`);

  return {
    algorithm,
    credential: params.get('Credential')!,
    signedHeaders: splitSignedHeaders(params.get('SignedHeaders')!),
    signature: params.get('Signature')!,
    date: (dateHeaders.amzDate ?? dateHeaders.date)!,
    dateSource: dateHeaders.amzDate !== undefined ? 'x-amz-date' : 'date',
  };
}

const QUERY_REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];

export function hasQueryAuthentication(query: QueryParameters): boolean {
  return queryValue(query, 'X-Amz-Algorithm') !== undefined;
}

export function parseQueryAuthentication(
  query: QueryParameters,
  { requireExpires }: { requireExpires: boolean },
): SignatureParameters {
  const required = requireExpires ? [...QUERY_REQUIRED, 'X-Amz-Expires'] : QUERY_REQUIRED;
  const missing = required.filter((name) => !queryValue(query, name));
  if (missing.length > 0) {
    const list = missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' ');
    throw new SigV4Error('incomplete-signature', `${list} Re-examine the query-string parameters.`);
  }
  const algorithm = queryValue(query, 'X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) {
    throw new SigV4Error('incomplete-signature', `Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  return {
    algorithm,
    credential: queryValue(query, 'X-Amz-Credential')!,
    signedHeaders: splitSignedHeaders(queryValue(query, 'X-Amz-SignedHeaders')!),
    signature: queryValue(query, 'X-Amz-Signature')!,
    date: queryValue(query, 'X-Amz-Date')!,
    dateSource: 'x-amz-date',
    expires: queryValue(query, 'X-Amz-Expires'),
  };
}

function splitSignedHeaders(value: string): string[] {
  return value.split(';').filter((name) => name !== '').map((name) => name.toLowerCase());
}

/**
 * AWS insists `host` is signed (otherwise a signature could be replayed against another host);
 * callers may require more (e.g. `x-amz-target`, so a captured request cannot change operation).
 */
export function checkRequiredSignedHeaders(signedHeaders: readonly string[], required: readonly string[]): void {
  if (!signedHeaders.includes('host')) {
    throw new SigV4Error('signature-mismatch', `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`);
  }
  for (const name of required) {
    if (!signedHeaders.includes(name.toLowerCase())) {
      throw new SigV4Error('signature-mismatch', `'${name}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }
}
