// What every /v2/ handler receives: the request, the reply and the services; nothing global.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessResource } from '../../access/authorizer.js';
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
  /** What the caller may do beyond the route's own actions, which the router has already decided. */
  access: OciAccess;
  /** Named groups of the route pattern, percent-decoded. */
  params: Record<string, string>;
  /** Query parameters; repeated ones (`tag=`) as lists. */
  query: Record<string, string | string[] | undefined>;
}

/** Policy decisions a handler asks for itself (a mount's read of its source repository). */
export interface OciAccess {
  /** Whether the caller may perform every one of the `ecr:` actions on the resource; always true without authentication. */
  allows(actions: string[], resource: AccessResource): Promise<boolean>;
}

export type OciHandler = (context: OciContext) => Promise<unknown>;

export type OciMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The `ecr:` actions a request needs (ecr-behaviour.md §1.4), decided by the router before the
 * handler runs: on the repository the path names, or on every repository of the registry for paths
 * that name none (the catalog). An empty list: authentication alone (GET /v2/).
 */
export type OciActions = string[] | ((context: OciContext) => string[]);

export interface OciRoute {
  /** Matched against the path without query string. */
  pattern: RegExp;
  handlers: Partial<Record<OciMethod, OciHandler>>;
  /** One entry per handler; HEAD without its own falls back to GET's, as the handlers do. */
  actions: Partial<Record<OciMethod, OciActions>>;
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
