// Which host serves the public registry, and how public image URIs name it. ECR Public lives on its
// own host (public.ecr.aws), with its own auth (the Bearer token flow) and a namespace of
// `<alias>/<repository>`; Berth gives it its own host too, so the private registry's host, auth and
// names stay exactly as they are.
// - Configured (BERTH_PUBLIC_REGISTRY_HOST): that host. Without a port it matches any port, and URIs
//   take the port of the request that asks for them, so `localhost` works on a machine without DNS
//   (the tests run so, beside a private registry at 127.0.0.1).
// - Not configured: every host named `public.ecr.<…>`, and URIs say `public.ecr.<registry host>`,
//   the way other accounts' private registries are `<account>.dkr.ecr.<region>.<host>` (both need a
//   wildcard DNS name).

export interface PublicRegistryHostOptions {
  /** host or host:port (BERTH_PUBLIC_REGISTRY_HOST). */
  configured?: string;
  /** The private registry's configured host (BERTH_REGISTRY_HOST), else each request's Host. */
  registryHost?: string;
}

const defaultPrefix = 'public.ecr.';

/** Matches the Host header of requests to the public registry (Fastify's host constraint). */
export function publicRegistryHostPattern(options: PublicRegistryHostOptions): RegExp {
  if (options.configured === undefined) return new RegExp(`^${escapeRegExp(defaultPrefix)}[^/]+$`, 'i');
  const { hostname, port } = splitHost(options.configured);
  return new RegExp(`^${escapeRegExp(hostname)}${port === undefined ? '(?::\\d+)?' : `:${port}`}$`, 'i');
}

/** host[:port] of the public registry as URIs spell it, for a request that came in on `requestHost`. */
export function publicRegistryHostFor(options: PublicRegistryHostOptions, requestHost: string): string {
  if (options.configured === undefined) return `${defaultPrefix}${options.registryHost ?? requestHost}`;
  const configured = splitHost(options.configured);
  if (configured.port !== undefined) return options.configured;
  const requestPort = splitHost(requestHost).port;
  return requestPort === undefined ? configured.hostname : `${configured.hostname}:${requestPort}`;
}

/**
 * Refuses a configuration where one host would be both registries: the public one would take its
 * /v2/ and every private repository would be out of reach.
 */
export function checkPublicRegistryHost(options: PublicRegistryHostOptions): void {
  if (options.configured === undefined || options.registryHost === undefined) return;
  if (publicRegistryHostPattern(options).test(options.registryHost)) {
    throw new Error(`the public registry host (${options.configured}) must differ from the registry host (${options.registryHost})`);
  }
}

function splitHost(host: string): { hostname: string; port?: string } {
  const match = /^(.*?)(?::(\d+))?$/.exec(host)!;
  return { hostname: match[1]!, ...(match[2] !== undefined && { port: match[2] }) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
