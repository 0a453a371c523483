// `n` and `last` of the tags list and the catalog (distribution spec "Listing Tags").
import { RegistryError } from '../domain/registry-error.js';

export interface ListingRequest {
  /** Page size; undefined lists everything. */
  n?: number;
  last?: string;
}

export interface ListingPage {
  items: string[];
  /** Set when more items follow: the `last` of the next page. */
  nextLast?: string;
}

export function parsePageSize(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new RegistryError('pagination-invalid', `n must be a non-negative integer, not "${text.slice(0, 20)}"`);
  return Number(text);
}

/** Runs one page query asking for one item more than requested, to know whether a next page exists. */
export async function listPage(request: ListingRequest, query: (page: { after?: string; limit: number }) => Promise<string[]>): Promise<ListingPage> {
  if (request.n === 0) return { items: [] };
  const limit = request.n === undefined ? Number.MAX_SAFE_INTEGER : request.n + 1;
  const items = await query({ ...(request.last !== undefined && { after: request.last }), limit });
  if (request.n === undefined || items.length <= request.n) return { items };
  const page = items.slice(0, request.n);
  return { items: page, nextLast: page[page.length - 1] };
}
