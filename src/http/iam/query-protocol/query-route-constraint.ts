// The AWS Query protocol (IAM, STS) and the ECR surface (AWS JSON 1.1) both post to `/`: requests are
// told apart by content type. A Fastify route constraint routes form-encoded posts to the Query
// surface; every other request falls through to the unconstrained route (the ECR surface), which
// never sees a form post and needs to know nothing about this.
import type { FastifyInstance } from 'fastify';

export const awsProtocolConstraint = 'awsProtocol';

/** Registers the constraint once per server; routes then ask for `{ awsProtocol: 'query' }`. */
export function addAwsProtocolConstraint(app: FastifyInstance): void {
  if (app.hasConstraintStrategy(awsProtocolConstraint)) return;
  app.addConstraintStrategy({
    name: awsProtocolConstraint,
    // A derived value with no route of its own falls back to the unconstrained routes.
    mustMatchWhenDerived: false,
    storage() {
      const handlers = new Map<string, unknown>();
      return {
        get: (value: string) => (handlers.get(value) ?? null) as never,
        set: (value: string, handler: unknown) => void handlers.set(value, handler),
      };
    },
    deriveConstraint(request: { headers: Record<string, string | string[] | undefined> }) {
      const contentType = request.headers['content-type'];
      const mediaType = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]!.trim().toLowerCase();
      // No value for other requests: only unconstrained routes match them.
      return mediaType === 'application/x-www-form-urlencoded' ? 'query' : (undefined as unknown as string);
    },
  });
}
