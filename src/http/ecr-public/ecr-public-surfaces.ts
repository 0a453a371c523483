// Everything ECR Public adds to the server, registered together: its API on `POST /` (by target
// prefix), its registry on its own host (/v2/ and /token), and the gallery API on every host.
import type { FastifyInstance } from 'fastify';
import type { RegistryBearerTokens } from '../../auth/registry-bearer-token.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import type { ServiceModel } from '../ecr/protocol/index.js';
import { registerGalleryRoutes } from '../gallery/gallery-routes.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { publicRegistryHostPattern, type PublicRegistryHostOptions } from '../public-registry/public-registry-host.js';
import { registerPublicRegistrySurface } from '../public-registry/public-registry-routes.js';
import type { PullRateLimitSettings } from '../public-registry/pull-rate-limits.js';
import type { EcrPublicServices } from './ecr-public-context.js';
import { registerEcrPublicSurface } from './ecr-public-router.js';

export interface EcrPublicSurfacesOptions {
  ecrPublic: EcrPublicServices;
  /** Tokens of the registry's Bearer flow. */
  bearer: RegistryBearerTokens;
  /** specs/aws-ecr-public/service-2.json */
  model: ServiceModel;
  publicHost: PublicRegistryHostOptions;
  pulls: PullRateLimitSettings;
}

export function registerEcrPublicSurfaces(
  app: FastifyInstance,
  options: EcrPublicSurfacesOptions & { services: RegistryServices; identity: IdentityService; region: string; guards: RequestGuard[] },
): void {
  const { ecrPublic, services, guards } = options;
  registerEcrPublicSurface(app, { services, ecrPublic, identity: options.identity, model: options.model, region: options.region, publicHost: options.publicHost, guards });
  registerPublicRegistrySurface(app, {
    services,
    registries: ecrPublic.registries,
    tokens: ecrPublic.tokens,
    bearer: options.bearer,
    host: publicRegistryHostPattern(options.publicHost),
    pulls: options.pulls,
    guards,
  });
  registerGalleryRoutes(app, { gallery: ecrPublic.gallery, publicHost: options.publicHost, guards });
}
