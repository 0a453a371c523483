// One AWS JSON 1.1 service on `POST /`, driven by its botocore model: what ECR (ecr-router.ts) and ECR
// Public (http/ecr-public/) share. In AWS's order: envelope (method, content type, JSON body, known
// target) → SigV4 against the request's own signed headers, for the model's signing name → input
// validated against the model → one operation → output shaped by the model. Every failure is
// answered once, here, as `{"__type", "message"}`; registry errors become the service's exceptions
// through the endpoint's own table.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifySigV4Request } from '../../auth/sigv4/index.js';
import { RegistryError, type RegistryErrorCode } from '../../domain/registry-error.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { Principal } from '../../identity/principal.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { readLimitedBody } from '../oci/request-body.js';
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

export interface AwsJsonOperation<Context> {
  name: string;
  run(input: any, context: Context): Promise<unknown>;
}

export interface AwsJsonEndpoint<Context> {
  model: ServiceModel;
  operations: ReadonlyMap<string, AwsJsonOperation<Context>>;
  identity: IdentityService;
  /** Regions a signature's credential scope may name. */
  signingRegions: string[];
  guards?: RequestGuard[];
  /** What an operation receives besides its input. */
  contextOf(request: FastifyRequest, principal: Principal): Context;
  /** The model's exception for a registry error. */
  exceptions: Record<RegistryErrorCode, string>;
}

export async function answerAwsJson<Context>(request: FastifyRequest, reply: FastifyReply, endpoint: AwsJsonEndpoint<Context>): Promise<FastifyReply> {
  const requestId = randomUUID();
  const { model } = endpoint;
  try {
    for (const guard of endpoint.guards ?? []) await guard(request);
    const body = await readLimitedBody(request.raw, maxRequestBytes, () => new AwsJsonError('SerializationException', 'request body too large', 400));
    checkMethodAndContentType(request.method, request.headers['content-type'], body.length);
    const parsed = parseJsonBody(body);
    const operationName = resolveOperation(model, firstHeader(request.headers['x-amz-target'])).name;
    const principal = await authenticate(request, body, endpoint);
    const operation = endpoint.operations.get(operationName);
    if (!operation) {
      throw new AwsJsonError('NotImplementedException', `Berth does not implement the ${model.metadata.serviceId} operation ${operationName} yet`, 501);
    }
    const input = validateInput(model, operationName, parsed);
    const output = await operation.run(input, endpoint.contextOf(request, principal));
    return send(reply, serializeAwsJsonResponse(shapeOutput(model, operationName, output), { requestId }));
  } catch (error) {
    if (!(error instanceof AwsJsonError || error instanceof RegistryError || isAwsErrorLike(error))) {
      request.log.error({ err: error }, `${model.metadata.serviceId} operation failed`);
    }
    return send(reply, serializeAwsJsonError(asAwsError(error, endpoint), { requestId }));
  }
}

async function authenticate<Context>(request: FastifyRequest, body: Buffer, endpoint: AwsJsonEndpoint<Context>): Promise<Principal> {
  const verified = await verifySigV4Request(
    { method: request.method, path: request.raw.url ?? '/', headers: request.headers, body, now: new Date() },
    {
      services: [endpoint.model.metadata.signingName],
      regions: endpoint.signingRegions,
      requiredSignedHeaders: ['x-amz-target'],
      lookupSecret: async (accessKeyId) => {
        const resolved = await endpoint.identity.resolveAccessKey(accessKeyId);
        return resolved && { secretAccessKey: resolved.secretAccessKey, principal: resolved.principal };
      },
    },
  );
  return verified.principal.principal;
}

/** Registry errors become the model's exceptions; AWS errors (SigV4, protocol) pass as they are. */
function asAwsError<Context>(error: unknown, endpoint: AwsJsonEndpoint<Context>): unknown {
  if (!(error instanceof RegistryError)) return error;
  const type = endpoint.exceptions[error.code];
  return new AwsJsonError(type, error.message, httpStatusFor(endpoint.model, type));
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
