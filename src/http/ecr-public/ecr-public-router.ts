// The ECR Public control plane: AWS JSON 1.1 on `POST /` with `X-Amz-Target:
// SpencerFrontendService.<Operation>`, signed for `ecr-public`. AWS serves it at
// api.ecr-public.us-east-1.amazonaws.com; Berth serves it on the same endpoint as ECR, routed by the
// target prefix (ecr/target-prefix-constraint.ts), so `aws ecr-public --endpoint-url <berth>` works
// against the same URL as `aws ecr`. The pipeline is ECR's (ecr/aws-json-endpoint.ts); the
// operations, context and exception table are ECR Public's.
import type { FastifyInstance } from 'fastify';
import type { IdentityService } from '../../identity/identity-service.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import { answerAwsJson, type AwsJsonEndpoint } from '../ecr/aws-json-endpoint.js';
import type { ServiceModel } from '../ecr/protocol/index.js';
import { targetPrefixConstraint } from '../ecr/target-prefix-constraint.js';
import type { RequestGuard } from '../oci/oci-router.js';
import type { PublicRegistryHostOptions } from '../public-registry/public-registry-host.js';
import type { EcrPublicContext, EcrPublicServices } from './ecr-public-context.js';
import { ecrPublicExceptions } from './ecr-public-errors.js';
import { ecrPublicOperations } from './operations/index.js';

/** ECR Public's only region; signatures for the deployment's own region are accepted too. */
const ecrPublicRegion = 'us-east-1';

export interface EcrPublicSurfaceOptions {
  services: RegistryServices;
  ecrPublic: EcrPublicServices;
  identity: IdentityService;
  /** The model of specs/aws-ecr-public/service-2.json. */
  model: ServiceModel;
  region: string;
  publicHost: PublicRegistryHostOptions;
  guards?: RequestGuard[];
}

export function registerEcrPublicSurface(app: FastifyInstance, options: EcrPublicSurfaceOptions): void {
  const endpoint: AwsJsonEndpoint<EcrPublicContext> = {
    model: options.model,
    operations: ecrPublicOperations,
    identity: options.identity,
    signingRegions: [...new Set([ecrPublicRegion, options.region])],
    ...(options.guards && { guards: options.guards }),
    exceptions: ecrPublicExceptions,
    contextOf: (request, principal) => ({
      principal,
      services: options.services,
      ecrPublic: options.ecrPublic,
      publicHost: options.publicHost,
      requestHost: request.headers.host ?? 'localhost',
      requestScheme: request.protocol === 'https' ? 'https' : 'http',
    }),
  };
  app.post('/', targetPrefixConstraint(app, options.model.metadata.targetPrefix), (request, reply) => answerAwsJson(request, reply, endpoint));
}
