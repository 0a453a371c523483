// ECR's opaque `nextToken`: where the next page starts, base64url JSON so clients treat it as opaque.
import { RegistryError } from '../../domain/registry-error.js';

export function encodeNextToken(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeNextToken(token: string | undefined, key: string): string | undefined {
  if (token === undefined) return undefined;
  try {
    const position = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof position[key] === 'string') return position[key] as string;
  } catch {
    // fall through: not a token Berth issued
  }
  throw new RegistryError('pagination-invalid', 'Invalid NextToken');
}

/** Runs a page query for one item more than asked, to know whether to hand out a nextToken. */
export async function pageOf<T>(
  maxResults: number,
  query: (limit: number) => Promise<T[]>,
  positionOf: (last: T) => Record<string, string>,
): Promise<{ items: T[]; nextToken?: string }> {
  const found = await query(maxResults + 1);
  if (found.length <= maxResults) return { items: found };
  const items = found.slice(0, maxResults);
  return { items, nextToken: encodeNextToken(positionOf(items[items.length - 1])) };
}
