// Splits the raw request target (`/path?query`) the way SigV4 needs it: the path stays exactly as
// received (non-S3 services encode it once more when canonicalizing), the query is decoded into
// name → values so it can be re-encoded and sorted canonically.

import { SigV4Error } from './sigv4-error.js';

export type QueryParameters = Record<string, string | string[]>;

export interface RequestTarget {
  /** Raw, still percent-encoded path. */
  path: string;
  query: QueryParameters;
}

export function parseRequestTarget(rawTarget: string): RequestTarget {
  const mark = rawTarget.indexOf('?');
  const path = mark === -1 ? rawTarget : rawTarget.slice(0, mark);
  const query: QueryParameters = Object.create(null) as QueryParameters;
  if (mark === -1) return { path: path || '/', query };

  for (const pair of rawTarget.slice(mark + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // `?flag` and `?flag=` canonicalize the same way: `flag=`.
    const name = percentDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = percentDecode(eq === -1 ? '' : pair.slice(eq + 1));
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[name] = [existing, value];
  }
  return { path: path || '/', query };
}

/** The first value of a query parameter, or undefined. */
export function queryValue(query: QueryParameters, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * RFC 3986 percent-decoding. `+` stays a plus: SigV4 signers encode spaces as `%20`, and
 * treating `+` as a space would change what was signed. Messages are AWS's (scratchstack).
 */
function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  for (const match of text.matchAll(/%(.{0,2})/gs)) {
    const hex = match[1]!;
    if (hex.length < 2) throw new SigV4Error('malformed-query-string', 'Incomplete trailing escape % sequence');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
      throw new SigV4Error('malformed-query-string', `Illegal hex character in escape % pattern: %${hex}`);
    }
  }
  // Decode runs of escapes together so multi-byte UTF-8 sequences come out whole.
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}
