// The ECR control plane: AWS JSON 1.1 on `POST /` with `X-Amz-Target:
// AmazonEC2ContainerRegistry_V20150921.<Operation>`, signed for `ecr` in the deployment's region.
// The pipeline (envelope, SigV4, model validation, one operation file, output shaping, one error
// translation) is aws-json-endpoint.ts; this file says what is ECR's: its operations, its context
// and its exception table (ecr-errors.ts). Every operation is authorized between the validation of
// its input and its run (authorizedOperations). Requests whose target prefix is another service's
// (ECR Public) are routed elsewhere before they get here (server.ts).
import type { FastifyInstance } from 'fastify';
import type { Authorizer } from '../../access/authorizer.js';
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { policyContextOf } from '../policy-context.js';
import { answerAwsJson, type AwsJsonEndpoint, type AwsJsonOperation } from './aws-json-endpoint.js';
import type { EcrContext, EcrDeployment, EcrLifecycle, EcrOperation } from './ecr-context.js';
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
  authorizer: Authorizer;
  guards?: RequestGuard[];
}

export function registerEcrSurface(app: FastifyInstance, options: EcrSurfaceOptions): void {
  const endpoint: AwsJsonEndpoint<EcrContext> = {
    model: options.model,
    operations: authorizedOperations(ecrOperations),
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
      authorizer: options.authorizer,
      requestContext: policyContextOf(request),
      requestHost: request.headers.host ?? 'localhost',
      requestScheme: request.protocol === 'https' ? 'https' : 'http',
    }),
  };
  app.post('/', (request, reply) => answerAwsJson(request, reply, endpoint));
}

/**
 * Each operation, preceded by AWS's decision: `ecr:<Operation>` on every resource the operation names
 * (its `access`), after the endpoint validated the input and before the operation acts.
 */
function authorizedOperations(operations: ReadonlyMap<string, EcrOperation>): ReadonlyMap<string, AwsJsonOperation<EcrContext>> {
  const authorized = new Map<string, AwsJsonOperation<EcrContext>>();
  for (const [name, operation] of operations) {
    authorized.set(name, {
      name,
      async run(input, context) {
        await authorize(operation, input, context);
        return operation.run(input, context);
      },
    });
  }
  return authorized;
}

async function authorize(operation: EcrOperation, input: unknown, context: EcrContext): Promise<void> {
  const accesses = operation.access(input, context);
  for (const access of Array.isArray(accesses) ? accesses : [accesses]) {
    await context.authorizer.authorize({
      principal: context.principal,
      action: `ecr:${operation.name}`,
      resource: access.resource,
      context: { ...context.requestContext, ...access.context },
    });
  }
}
