// Several AWS JSON services on one endpoint: ECR and ECR Public both answer `POST /`, told apart by the
// `X-Amz-Target` prefix (`AmazonEC2ContainerRegistry_V20150921.` vs `SpencerFrontendService.`), as
// every JSON 1.1 request names its service there. A Fastify route constraint picks the route, so each
// service registers its own `POST /` and neither knows the other; requests with any other prefix (or
// none) reach the unconstrained route, ECR's, which answers UnknownOperationException as before.
import type { FastifyInstance } from 'fastify';

const strategyName = 'awsTargetPrefix';

/** The route option that sends requests whose target prefix is `prefix` to that route. */
export function targetPrefixConstraint(app: FastifyInstance, prefix: string): { constraints: Record<string, string> } {
  if (!app.hasConstraintStrategy(strategyName)) {
    app.addConstraintStrategy({
      name: strategyName,
      storage() {
        const handlers = new Map<string, unknown>();
        return { get: (prefix: string) => (handlers.get(prefix) ?? null) as never, set: (prefix: string, handler: unknown) => void handlers.set(prefix, handler) };
      },
      deriveConstraint: (request: { headers: Record<string, string | string[] | undefined> }) => {
        const target = request.headers['x-amz-target'];
        const value = Array.isArray(target) ? target[0] : target;
        return value?.split('.')[0] ?? '';
      },
      mustMatchWhenDerived: false,
    });
  }
  return { constraints: { [strategyName]: prefix } };
}
