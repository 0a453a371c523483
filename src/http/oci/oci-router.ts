// The /v2/ surface: one Fastify route catches every path (repository names contain slashes, which
// path-pattern routers cannot express), and this table dispatches by pattern and method.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessResource, Authorizer } from '../../access/authorizer.js';
import type { Principal } from '../../identity/principal.js';
import { repositoryAddress } from '../../registry/repository-address.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import { policyContextOf } from '../policy-context.js';
import { baseRoute } from './base-routes.js';
import { blobsRoute } from './blob-routes.js';
import { catalogRoute, tagsRoute } from './listing-routes.js';
import { manifestsRoute } from './manifest-routes.js';
import type { OciAccess, OciActions, OciContext, OciHandler, OciMethod, OciRoute } from './oci-context.js';
import type { ResolveOciCaller } from './oci-caller.js';
import { sendOciError } from './oci-errors.js';
import { referrersRoute } from './referrer-routes.js';
import { uploadSessionRoute, uploadsRoute } from './upload-routes.js';

/** Most specific first: `…/blobs/uploads/…` must win over `…/blobs/<digest>`. */
const routes: OciRoute[] = [baseRoute, catalogRoute, tagsRoute, manifestsRoute, uploadsRoute, uploadSessionRoute, blobsRoute, referrersRoute];

// Every handler has its actions: a route that could run undecided is a startup failure, not a hole.
for (const route of routes) {
  for (const method of Object.keys(route.handlers) as OciMethod[]) {
    if (route.actions[method] === undefined) throw new Error(`the /v2/ route ${route.pattern} has no actions for ${method}`);
  }
}

export interface OciSurfaceOptions {
  services: RegistryServices;
  /** Authenticates the request and names the account whose registry it addresses. */
  resolveCaller: ResolveOciCaller;
  /** Decides each request of an authenticated caller; without authentication nothing is decided. */
  authorizer?: Authorizer;
  /** Checks every request passes before dispatch (rate limits, later authentication); they throw to refuse. */
  guards?: RequestGuard[];
  /** Serve only requests whose Host matches (the public registry's own host, which wins over the unconstrained surface). */
  host?: RegExp;
}

export type RequestGuard = (request: FastifyRequest) => void | Promise<void>;

export function registerOciSurface(app: FastifyInstance, options: OciSurfaceOptions): void {
  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('docker-distribution-api-version', 'registry/2.0');
    try {
      for (const guard of options.guards ?? []) await guard(request);
      const url = request.raw.url ?? '/';
      const queryStart = url.indexOf('?');
      const path = queryStart === -1 ? url : url.slice(0, queryStart);
      const found = match(path, request.method);
      if (found.kind !== 'found') return sendUnmatched(reply, path, request.method, found);
      const caller = await options.resolveCaller(request, found.params);
      const access = callerAccess(options.authorizer, caller.principal, request);
      const context: OciContext = {
        request,
        reply,
        services: options.services,
        ...caller,
        access,
        params: found.params,
        query: request.query as OciContext['query'],
      };
      await access.require(actionsOf(found.actions, context), resourceOf(context));
      return await found.handler(context);
    } catch (error) {
      return sendOciError(reply, error);
    }
  };
  const constraints = options.host ? { constraints: { host: options.host } } : {};
  app.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/v2', ...constraints, handler: dispatch });
  app.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/v2/*', ...constraints, handler: dispatch });
}

type RouteMatch =
  | { kind: 'found'; handler: OciHandler; actions: OciActions; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'unknown' };

function match(path: string, method: string): RouteMatch {
  for (const route of routes) {
    const result = route.pattern.exec(path);
    if (!result) continue;
    // HEAD is GET without the body wherever a route has no HEAD of its own (RFC 9110 §9.3.2);
    // Node drops the body of a HEAD response and keeps its headers.
    const own = route.handlers[method as OciMethod];
    const handler = own ?? (method === 'HEAD' ? route.handlers.GET : undefined);
    if (!handler) return { kind: 'method-not-allowed', allowed: allowedMethods(route) };
    const actions = own ? route.actions[method as OciMethod]! : (route.actions.HEAD ?? route.actions.GET!);
    return { kind: 'found', handler, actions, params: decodeParams(result.groups ?? {}) };
  }
  return { kind: 'unknown' };
}

interface CallerAccess extends OciAccess {
  /** Throws `access-denied` (403 DENIED) unless every action is allowed on the resource. */
  require(actions: string[], resource: AccessResource): Promise<void>;
}

/** Decisions for this request's caller; without a principal (BERTH_AUTH=none) everything is allowed. */
function callerAccess(authorizer: Authorizer | undefined, principal: Principal | undefined, request: FastifyRequest): CallerAccess {
  if (!authorizer || !principal) return { allows: async () => true, require: async () => {} };
  const context = policyContextOf(request);
  return {
    async allows(actions, resource) {
      for (const action of actions) if (!(await authorizer.isAllowed({ principal, action, resource, context }))) return false;
      return true;
    },
    async require(actions, resource) {
      for (const action of actions) await authorizer.authorize({ principal, action, resource, context });
    },
  };
}

function actionsOf(actions: OciActions, context: OciContext): string[] {
  return typeof actions === 'function' ? actions(context) : actions;
}

/** The repository the path names (validated first: a bad name is NAME_INVALID, not a refusal), else the registry's repositories. */
function resourceOf(context: OciContext): AccessResource {
  if (context.params.name === undefined) return { kind: 'repositories', registryId: context.registryId };
  const address = repositoryAddress(context.registryId, context.params.name);
  return { kind: 'repository', registryId: address.registryId, name: address.name };
}

function allowedMethods(route: OciRoute): string[] {
  const methods = Object.keys(route.handlers);
  return route.handlers.GET && !route.handlers.HEAD ? [...methods, 'HEAD'] : methods;
}

function decodeParams(groups: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) {
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      params[key] = value; // not valid percent-encoding: validation of the raw value will reject it
    }
  }
  return params;
}

function sendUnmatched(reply: FastifyReply, path: string, method: string, found: RouteMatch) {
  if (found.kind === 'method-not-allowed') {
    return reply
      .code(405)
      .header('allow', found.allowed.join(', '))
      .send({ errors: [{ code: 'UNSUPPORTED', message: `${method} is not supported on ${path}` }] });
  }
  return reply.code(404).send({ errors: [{ code: 'UNSUPPORTED', message: `no endpoint ${method} ${path}` }] });
}
