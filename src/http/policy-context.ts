// The context keys a request itself gives policy conditions, the same on both surfaces:
// aws:SourceIp is the socket's peer address (never a header a client can write: Berth runs no
// trusted proxy configuration), aws:SecureTransport whether the socket is TLS. aws:CurrentTime and
// aws:EpochTime the policy engine reads from the clock when a condition asks.
import type { FastifyRequest } from 'fastify';
import type { ContextValue } from '../policy/index.js';

export function policyContextOf(request: FastifyRequest): Record<string, ContextValue> {
  return { 'aws:SourceIp': request.socket.remoteAddress, 'aws:SecureTransport': request.protocol === 'https' };
}
