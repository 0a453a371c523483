// The ECR control plane: AWS JSON 1.1 on `POST /` with `X-Amz-Target:
// AmazonEC2ContainerRegistry_V20150921.<Operation>`, signed for `ecr` in the deployment's region.
// The pipeline (envelope, SigV4, model validation, one operation file, output shaping, one error
// translation) is aws-json-endpoint.ts; this file says what is ECR's: its operations, its context
// and its exception table (ecr-errors.ts). Requests whose target prefix is another service's
// (ECR Public) are routed elsewhere before they get here (server.ts).
import type { FastifyInstance } from 'fastify';
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { answerAwsJson, type AwsJsonEndpoint } from './aws-json-endpoint.js';
import type { EcrContext, EcrDeployment, EcrLifecycle } from './ecr-context.js';
import { ecrExceptions } from './ecr-errors.js';
import { ecrOperations } from './operations/index.js';
import type { ServiceModel } from './protocol/index.js';

export interface EcrSurfaceOptions {
  services: RegistryServices;
  identity: IdentityService;
  tokens: AuthorizationTokens;
  deployment: EcrDeployment;
  lifecycle: EcrLifecycle;
  model: ServiceModel;
  guards?: RequestGuard[];
}

export function registerEcrSurface(app: FastifyInstance, options: EcrSurfaceOptions): void {
  const endpoint: AwsJsonEndpoint<EcrContext> = {
    model: options.model,
    operations: ecrOperations,
    identity: options.identity,
    signingRegions: [options.deployment.region],
    ...(options.guards && { guards: options.guards }),
    exceptions: ecrExceptions,
    contextOf: (request, principal) => ({
      principal,
      services: options.services,
      lifecycle: options.lifecycle,
      identity: options.identity,
      tokens: options.tokens,
      deployment: options.deployment,
      requestHost: request.headers.host ?? 'localhost',
      requestScheme: request.protocol === 'https' ? 'https' : 'http',
    }),
  };
  app.post('/', (request, reply) => answerAwsJson(request, reply, endpoint));
}
