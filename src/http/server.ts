// The HTTP server: Fastify with body parsing switched off (blob bodies must stay streams and manifests
// are read under their own limit), the surfaces (/v2/, the ECR API, IAM and STS) and request logging.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Authorizer } from '../access/authorizer.js';
import type { LayerDownloadSigner } from '../auth/layer-download-signer.js';
import { registerEcrSurface, type EcrSurfaceOptions } from './ecr/ecr-router.js';
import { registerEcrPublicSurfaces, type EcrPublicSurfacesOptions } from './ecr-public/ecr-public-surfaces.js';
import { registerLayerDownloadRoute } from './ecr/layer-download-route.js';
import { registerIamSurface, type IamSurfaceOptions } from './iam/iam-router.js';
import type { ResolveOciCaller } from './oci/oci-caller.js';
import type { RegistryServices } from '../registry/registry-services.js';
import { registerOciSurface, type RequestGuard } from './oci/oci-router.js';
import { RateLimiter } from './rate-limit.js';

export interface ServerOptions {
  logger: FastifyBaseLogger;
  services: RegistryServices;
  resolveOciCaller: ResolveOciCaller;
  /** Decides every request of an authenticated caller, on both surfaces. */
  authorizer: Authorizer;
  rateLimit: { requestsPerSecond: number; burst?: number };
  /** The ECR control plane on `POST /`: identities, tokens and how the deployment names itself. */
  ecr: Omit<EcrSurfaceOptions, 'services' | 'guards' | 'authorizer'>;
  /** IAM and STS over the AWS Query protocol, also on `POST /` (form-encoded bodies). */
  iam: Omit<IamSurfaceOptions, 'guards'>;
  /** Checks the URLs GetDownloadUrlForLayer hands out (GET /ecr-layers/…). */
  layerDownloads: Pick<LayerDownloadSigner, 'verify'>;
  /** ECR Public: its API (by X-Amz-Target prefix), its registry on its own host, the gallery. */
  ecrPublic?: EcrPublicSurfacesOptions;
}

export function createServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    // Fastify's two info lines a request would halve small-request throughput; onResponse logs instead.
    logController: new LogController({ disableRequestLogging: true }),
    // Repository names make long paths; Fastify's default (100) would answer 414 to legal names.
    routerOptions: { maxParamLength: 4096 },
    // Large blob uploads and pulls take as long as they take; idle keep-alive sockets do not.
    requestTimeout: 0,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.addHook('onResponse', async (request, reply) => {
    const fields = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) request.log.error(fields, 'request failed');
    else request.log.debug(fields, 'request');
  });

  const guards: RequestGuard[] = [];
  if (options.rateLimit.requestsPerSecond > 0) {
    const limiter = new RateLimiter(options.rateLimit.requestsPerSecond, options.rateLimit.burst);
    const sweeper = setInterval(() => limiter.sweep(), 60_000).unref();
    app.addHook('onClose', async () => clearInterval(sweeper));
    guards.push((request) => limiter.take(request.ip));
  }
  registerOciSurface(app, { services: options.services, resolveCaller: options.resolveOciCaller, authorizer: options.authorizer, guards });
  registerEcrSurface(app, { ...options.ecr, services: options.services, authorizer: options.authorizer, guards });
  registerIamSurface(app, { ...options.iam, guards });
  registerLayerDownloadRoute(app, { services: options.services, signer: options.layerDownloads, guards });
  if (options.ecrPublic) {
    registerEcrPublicSurfaces(app, { ...options.ecrPublic, services: options.services, identity: options.ecr.identity, region: options.ecr.deployment.region, guards });
  }
  return app;
}
