// The HTTP Range header for blob downloads (RFC 9110 §14): single ranges only. Shared by /v2/ blob
// GETs and the ECR layer download URLs.
import type { RequestedRange } from '../registry/blob-service.js';

/**
 * `bytes=<start>-[<end>]` or `bytes=-<suffix>`. Multi-range requests, other units and invalid
 * headers give undefined: the whole blob is served, which RFC 9110 allows (a server MAY ignore Range).
 */
export function parseByteRange(header: string | undefined): RequestedRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') return { suffixBytes: Number(match[2]) };
  const start = Number(match[1]);
  if (match[2] === '') return { start };
  const end = Number(match[2]);
  return end < start ? undefined : { start, end };
}
