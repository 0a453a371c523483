// The ECR control plane: AWS JSON 1.1 on `POST /` with `X-Amz-Target:
// AmazonEC2ContainerRegistry_V20150921.<Operation>`. In AWS's order: envelope (method, content type,
// JSON body, known target) → SigV4 against the request's own signed headers → input validated
// against the service model → one operation file → output shaped by the model. Every failure is
// answered once, here, as `{"__type", "message"}`.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authorizer } from '../../access/authorizer.js';
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import { verifySigV4Request } from '../../auth/sigv4/index.js';
import { RegistryError } from '../../domain/registry-error.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { Principal } from '../../identity/principal.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { readLimitedBody } from '../oci/request-body.js';
import { policyContextOf } from '../policy-context.js';
import type { EcrContext, EcrDeployment, EcrOperation } from './ecr-context.js';
import { ecrExceptions } from './ecr-errors.js';
import { ecrOperations } from './operations/index.js';
import {
  AwsJsonError,
  checkMethodAndContentType,
  httpStatusFor,
  parseJsonBody,
  resolveOperation,
  serializeAwsJsonError,
  serializeAwsJsonResponse,
  shapeOutput,
  validateInput,
  type AwsJsonHttpResponse,
  type ServiceModel,
} from './protocol/index.js';

/** UploadLayerPart carries up to 20 MiB of layer, base64 in JSON. */
const maxRequestBytes = 32 * 1024 * 1024;

export interface EcrSurfaceOptions {
  services: RegistryServices;
  identity: IdentityService;
  tokens: AuthorizationTokens;
  deployment: EcrDeployment;
  model: ServiceModel;
  authorizer: Authorizer;
  guards?: RequestGuard[];
}

export function registerEcrSurface(app: FastifyInstance, options: EcrSurfaceOptions): void {
  app.post('/', async (request, reply) => {
    const requestId = randomUUID();
    try {
      for (const guard of options.guards ?? []) await guard(request);
      const body = await readLimitedBody(request.raw, maxRequestBytes, () => new AwsJsonError('SerializationException', 'request body too large', 400));
      checkMethodAndContentType(request.method, request.headers['content-type'], body.length);
      const parsed = parseJsonBody(body);
      const operationName = resolveOperation(options.model, firstHeader(request.headers['x-amz-target'])).name;
      const principal = await authenticate(request, body, options);
      const operation = ecrOperations.get(operationName);
      if (!operation) {
        throw new AwsJsonError('NotImplementedException', `Berth does not implement the ECR operation ${operationName} yet`, 501);
      }
      const input = validateInput(options.model, operationName, parsed);
      const context: EcrContext = {
        principal,
        services: options.services,
        identity: options.identity,
        tokens: options.tokens,
        deployment: options.deployment,
        authorizer: options.authorizer,
        requestContext: policyContextOf(request),
        requestHost: request.headers.host ?? 'localhost',
        requestScheme: request.protocol === 'https' ? 'https' : 'http',
      };
      await authorizeOperation(operation, input, context);
      const output = await operation.run(input, context);
      return send(reply, serializeAwsJsonResponse(shapeOutput(options.model, operationName, output), { requestId }));
    } catch (error) {
      if (!(error instanceof AwsJsonError || error instanceof RegistryError || isAwsErrorLike(error))) {
        request.log.error({ err: error }, 'ECR operation failed');
      }
      return send(reply, serializeAwsJsonError(asAwsError(error, options.model), { requestId }));
    }
  });
}

async function authenticate(request: FastifyRequest, body: Buffer, options: EcrSurfaceOptions): Promise<Principal> {
  const verified = await verifySigV4Request(
    { method: request.method, path: request.raw.url ?? '/', headers: request.headers, body, now: new Date() },
    {
      services: ['ecr'],
      regions: [options.deployment.region],
      requiredSignedHeaders: ['x-amz-target'],
      lookupSecret: async (accessKeyId) => {
        const resolved = await options.identity.resolveAccessKey(accessKeyId);
        return resolved && { secretAccessKey: resolved.secretAccessKey, principal: resolved.principal };
      },
    },
  );
  return verified.principal.principal;
}

/** AWS decides after validating the input and before acting: `ecr:<Operation>` on each resource the operation names. */
async function authorizeOperation(operation: EcrOperation, input: unknown, context: EcrContext): Promise<void> {
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

/** Registry errors become the model's exceptions; AWS errors (SigV4, protocol) pass as they are. */
function asAwsError(error: unknown, model: ServiceModel): unknown {
  if (!(error instanceof RegistryError)) return error;
  const type = ecrExceptions[error.code];
  return new AwsJsonError(type, error.message, httpStatusFor(model, type));
}

function isAwsErrorLike(error: unknown): boolean {
  return typeof (error as { awsType?: unknown })?.awsType === 'string';
}

function send(reply: FastifyReply, response: AwsJsonHttpResponse): FastifyReply {
  return reply.code(response.statusCode).headers(response.headers).send(response.body);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
