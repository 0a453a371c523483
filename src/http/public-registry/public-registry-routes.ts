// The public registry on its own host (public-registry-host.ts): the OCI distribution API of
// http/oci/, unchanged, over the registry `ecr-public` whose repositories are named
// `<alias>/<repository>` — exactly the paths of public image URIs — with the Bearer token flow for
// credentials (public-registry-caller.ts, token-route.ts) and ECR Public's pull rate limits.
import type { FastifyInstance } from 'fastify';
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import type { RegistryBearerTokens } from '../../auth/registry-bearer-token.js';
import type { PublicRegistryService } from '../../public-registry/public-registry-service.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import { registerOciSurface, type RequestGuard } from '../oci/oci-router.js';
import { publicRegistryCaller } from './public-registry-caller.js';
import { PullRateLimits, type PullRateLimitSettings } from './pull-rate-limits.js';
import { registerTokenRoute } from './token-route.js';

export interface PublicRegistrySurfaceOptions {
  services: RegistryServices;
  registries: PublicRegistryService;
  /** ECR Public's authorization tokens, which the token endpoint takes as Basic passwords. */
  tokens: AuthorizationTokens;
  bearer: RegistryBearerTokens;
  /** Host headers of the public registry. */
  host: RegExp;
  pulls: PullRateLimitSettings;
  guards?: RequestGuard[];
}

export function registerPublicRegistrySurface(app: FastifyInstance, options: PublicRegistrySurfaceOptions): void {
  const pulls = new PullRateLimits(options.pulls);
  const sweeper = setInterval(() => pulls.sweep(), 60_000).unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  const guards = options.guards ?? [];
  registerOciSurface(app, { services: options.services, resolveCaller: publicRegistryCaller({ bearer: options.bearer, pulls }), guards, host: options.host });
  registerTokenRoute(app, { bearer: options.bearer, tokens: options.tokens, registries: options.registries, host: options.host, guards });
}
