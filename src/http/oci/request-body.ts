// Reading request bodies and the headers that describe them. Only manifests are buffered, under an
// explicit limit; blob bodies stay streams and go straight to the blob store.
import type { IncomingMessage } from 'node:http';
import { RegistryError } from '../../domain/registry-error.js';

/** Reads a small body, failing with `error` as soon as it grows past `limitBytes`. */
export async function readLimitedBody(request: IncomingMessage, limitBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    total += (chunk as Buffer).length;
    if (total > limitBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Content-Length as a number, or undefined when absent. */
export function contentLength(request: IncomingMessage): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined) return undefined;
  if (!/^\d+$/.test(header)) throw new RegistryError('size-invalid', `invalid Content-Length "${header}"`);
  return Number(header);
}

/** Whether the request carries a body at all (a length above zero, or a chunked one). */
export function hasBody(request: IncomingMessage): boolean {
  return (contentLength(request) ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
}

/**
 * A chunk's Content-Range (`<start>-<end>`, inclusive; some clients prefix `bytes ` or `bytes=`).
 * A malformed one is out of order by definition: 416, as the spec answers misplaced chunks.
 */
export function chunkRange(request: IncomingMessage): { start: number; lengthBytes: number } | undefined {
  const header = request.headers['content-range'];
  if (header === undefined) return undefined;
  const match = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!match) throw new RegistryError('upload-out-of-order', `invalid Content-Range "${header}": expected <start>-<end>`);
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start) throw new RegistryError('upload-out-of-order', `invalid Content-Range "${header}": end before start`);
  return { start, lengthBytes: end - start + 1 };
}
