// IAM's list paging: `MaxItems` (1–1000, default 100) and an opaque `Marker`; a page answers
// `IsTruncated` and, when true, the `Marker` of the next page. Lists are short (IAM's quotas bound
// users, keys, policies and attachments per account or user), so they are paged from the whole list,
// in name order, the marker naming the last item returned.
import type { QueryParams } from './query-params.js';
import { QueryError } from './query-error.js';

export interface PageRequest {
  marker?: string;
  maxItems?: number;
}

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

export function readPageRequest(params: QueryParams): PageRequest {
  const marker = params.optionalString('Marker');
  const maxItems = params.optionalInteger('MaxItems', { min: 1, max: 1000 });
  return { ...(marker !== undefined && { marker }), ...(maxItems !== undefined && { maxItems }) };
}

/** The page after `request.marker` of `items`, which must be sorted by `keyOf` in byte order. */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  const after = request.marker === undefined ? undefined : decodeMarker(request.marker);
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const limit = request.maxItems ?? 100;
  const page = rest.slice(0, limit);
  if (rest.length <= limit) return { items: page, IsTruncated: false };
  return { items: page, IsTruncated: true, Marker: Buffer.from(keyOf(page[page.length - 1]!), 'utf8').toString('base64url') };
}

function decodeMarker(marker: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw new QueryError('ValidationError', 'Invalid Marker', 400);
  return Buffer.from(marker, 'base64url').toString('utf8');
}
