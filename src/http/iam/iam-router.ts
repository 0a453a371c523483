// The IAM and STS APIs over the AWS Query protocol: `POST /` with an
// `application/x-www-form-urlencoded` body carrying `Action` and `Version` (2010-05-08 for IAM,
// 2011-06-15 for STS), signed with SigV4 for the service `iam` or `sts`, answered in XML. In order:
// envelope (size, Action, Version) → SigV4 → the operation's parameters → authorization of
// `iam:<Action>` on the resource → one operation file → XML. Every failure is answered once, here,
// as an `<ErrorResponse>`. `aws iam` and `aws sts` sign for us-east-1 (both are global services at
// AWS), so that region is accepted whatever Berth's own is.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifySigV4Request } from '../../auth/sigv4/index.js';
import type { GroupService } from '../../identity/group-service.js';
import type { IamAuthorizer } from '../../identity/iam-authorizer.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { PermissionsService } from '../../identity/permissions-service.js';
import type { Principal } from '../../identity/principal.js';
import type { RequestGuard } from '../oci/oci-router.js';
import { readLimitedBody } from '../oci/request-body.js';
import { accessDenied, asQueryError } from './iam-errors.js';
import type { QueryContext, QueryOperation } from './iam-context.js';
import { iamOperations } from './operations/index.js';
import { QueryError } from './query-protocol/query-error.js';
import { QueryParams } from './query-protocol/query-params.js';
import { addAwsProtocolConstraint, awsProtocolConstraint } from './query-protocol/query-route-constraint.js';
import { queryErrorResponse, queryResponse, type QueryHttpResponse } from './query-protocol/xml-response.js';
import { stsOperations } from './sts/get-caller-identity-operation.js';

/** A policy document is at most 131,072 characters, three times that URL-encoded; ample room besides. */
const maxRequestBytes = 1024 * 1024;

interface QueryService {
  /** The SigV4 service name requests must be signed for, and the prefix of its actions. */
  signingName: 'iam' | 'sts';
  namespace: string;
  operations: ReadonlyMap<string, QueryOperation>;
}

const servicesByVersion: ReadonlyMap<string, QueryService> = new Map([
  ['2010-05-08', { signingName: 'iam', namespace: 'https://iam.amazonaws.com/doc/2010-05-08/', operations: iamOperations }],
  ['2011-06-15', { signingName: 'sts', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/', operations: stsOperations }],
]);

export interface IamSurfaceOptions {
  identity: IdentityService;
  groups: GroupService;
  permissions: PermissionsService;
  /** Decides who may perform each IAM action (iam-authorizer.ts). */
  authorize: IamAuthorizer;
  /** Berth's region; us-east-1 is accepted too. */
  region: string;
  guards?: RequestGuard[];
}

export function registerIamSurface(app: FastifyInstance, options: IamSurfaceOptions): void {
  addAwsProtocolConstraint(app);
  const regions = [...new Set([options.region, 'us-east-1'])];
  app.route({
    method: 'POST',
    url: '/',
    constraints: { [awsProtocolConstraint]: 'query' },
    handler: async (request, reply) => {
      const requestId = randomUUID();
      let namespace = servicesByVersion.get('2010-05-08')!.namespace;
      try {
        for (const guard of options.guards ?? []) await guard(request);
        const body = await readLimitedBody(request.raw, maxRequestBytes, () => new QueryError('RequestEntityTooLarge', 'Request body must be at most 1 MiB', 413));
        const params = QueryParams.parse(body);
        const action = params.action;
        if (action === undefined || action === '') throw new QueryError('MissingAction', 'The request must contain the parameter Action.', 400);
        const service = servicesByVersion.get(params.version ?? '');
        if (!service) throw new QueryError('InvalidAction', `Could not find operation ${action} for version ${params.version ?? 'NO_VERSION_SPECIFIED'}`, 400);
        namespace = service.namespace;

        const principal = await authenticate(request, body, service.signingName, regions, options.identity);
        const operation = service.operations.get(action);
        if (!operation) throw new QueryError('InvalidAction', `Could not find operation ${action} for version ${params.version}`, 400);
        const input = operation.input(params);
        params.assertAllRead(operation.name);
        const context: QueryContext = { principal, identity: options.identity, groups: options.groups, permissions: options.permissions };
        if (operation.resource) {
          const target = { principal, action: `${service.signingName}:${operation.name}`, resource: await operation.resource(input, context) };
          if (!(await options.authorize(target))) throw accessDenied(principal.arn, target.action, target.resource);
        }
        const result = await operation.run(input, context);
        return send(reply, queryResponse({ operation: operation.name, namespace, requestId, result }));
      } catch (error) {
        const known = asQueryError(error);
        if (!known) request.log.error({ err: error }, 'IAM operation failed');
        const answer = known ?? new QueryError('ServiceFailure', 'The request processing has failed because of an unknown error.', 500);
        return send(reply, queryErrorResponse(answer, { namespace, requestId }));
      }
    },
  });
}

async function authenticate(request: FastifyRequest, body: Buffer, service: string, regions: string[], identity: IdentityService): Promise<Principal> {
  const verified = await verifySigV4Request(
    { method: request.method, path: request.raw.url ?? '/', headers: request.headers, body, now: new Date() },
    {
      services: [service],
      regions,
      lookupSecret: async (accessKeyId) => {
        const resolved = await identity.resolveAccessKey(accessKeyId);
        return resolved && { secretAccessKey: resolved.secretAccessKey, principal: resolved.principal };
      },
    },
  );
  return verified.principal.principal;
}

function send(reply: FastifyReply, response: QueryHttpResponse): FastifyReply {
  return reply.code(response.statusCode).headers(response.headers).send(response.body);
}
