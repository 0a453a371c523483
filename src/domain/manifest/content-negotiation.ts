// Which representation a manifest GET answers with, from the client's Accept header
// (distribution spec content-negotiation.md). Berth never converts manifests; it only decides whether
// the stored one is acceptable, or — for old clients that accept single-platform manifests but not
// indexes — which platform child to serve instead, as Distribution does (linux/amd64).
import { bareMediaType, isIndexMediaType, isManifestMediaType } from '../media-types.js';

export type Negotiation =
  | { outcome: 'serve' }
  | { outcome: 'serve-platform-child'; accepted: string[] }
  | { outcome: 'not-acceptable'; accepted: string[] };

export function negotiateManifest(storedMediaType: string, acceptHeader: string | string[] | undefined): Negotiation {
  const accepted = parseAccept(acceptHeader);
  // No manifest type listed (no header, */*, application/json): the client takes what is stored.
  const manifestTypes = accepted.filter(isManifestMediaType);
  if (manifestTypes.length === 0 || accepted.includes('*/*') || accepted.includes(storedMediaType)) return { outcome: 'serve' };
  if (isIndexMediaType(storedMediaType) && manifestTypes.some((type) => !isIndexMediaType(type))) {
    return { outcome: 'serve-platform-child', accepted: manifestTypes };
  }
  return { outcome: 'not-acceptable', accepted: manifestTypes };
}

function parseAccept(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  return values.flatMap((value) => value.split(',')).map(bareMediaType).filter((value) => value.length > 0);
}
