// Sends a blob stream straight to the socket. Fastify's own stream handling costs about a third of
// the throughput of a large pull on this hardware (measured: ~1.0 vs ~1.4 GB/s for a 1 GiB blob), so
// blob bodies bypass it: the headers set on the reply are written as they are, then the file
// stream is piped to the raw response with backpressure.
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function sendStream(reply: FastifyReply, body: Readable): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(reply.statusCode, reply.getHeaders() as Record<string, string | string[] | number>);
  try {
    await pipeline(body, raw);
  } catch (error) {
    // A client that goes away mid-pull is ordinary; anything else is worth a line in the log.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') reply.log.warn({ err: error }, 'blob stream failed');
    body.destroy();
    raw.destroy();
  }
}
