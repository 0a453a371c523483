// What every /v2/ handler receives: the request, the reply and the services; nothing global.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../identity/principal.js';
import type { RegistryServices } from '../../registry/registry-services.js';

export interface OciContext {
  request: FastifyRequest;
  reply: FastifyReply;
  services: RegistryServices;
  /** The account whose repositories this request addresses. */
  registryId: string;
  /** Who is asking; undefined when the deployment runs without authentication. */
  principal?: Principal;
  /** Named groups of the route pattern, percent-decoded. */
  params: Record<string, string>;
  /** Query parameters; repeated ones (`tag=`) as lists. */
  query: Record<string, string | string[] | undefined>;
}

export type OciHandler = (context: OciContext) => Promise<unknown>;

export interface OciRoute {
  /** Matched against the path without query string. */
  pattern: RegExp;
  handlers: Partial<Record<'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', OciHandler>>;
}

export function singleQuery(context: OciContext, name: string): string | undefined {
  const value = context.query[name];
  return Array.isArray(value) ? value[0] : value;
}

export function listQuery(context: OciContext, name: string): string[] {
  const value = context.query[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
