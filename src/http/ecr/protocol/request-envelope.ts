// The AWS JSON 1.1 request envelope: POST, a JSON content type, `X-Amz-Target:
// <targetPrefix>.<Operation>`, and a JSON object body. Checked in AWS's order (dynalite records it
// for Coral): method/content type → body parses → target names an operation → (the caller's
// SigV4 check) → body shape and constraints (validate-input.ts).

import { AwsJsonError } from './aws-json-error.js';
import type { OperationModel, ServiceModel } from './service-model.js';

/** JSON 1.1 is what every SDK sends; 1.0 and plain JSON are accepted as Coral accepts them. */
const JSON_CONTENT_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);

/**
 * A request that no JSON protocol handler would route: Coral answers `UnknownOperationException`
 * with 404 (dynalite mirrors DynamoDB's routing: non-POST, or a body with a non-JSON type).
 */
export function checkMethodAndContentType(method: string, contentType: string | undefined, bodyLength: number): void {
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  const routable = method.toUpperCase() === 'POST' && (bodyLength === 0 || (mediaType !== undefined && JSON_CONTENT_TYPES.has(mediaType)));
  if (!routable) throw new AwsJsonError('UnknownOperationException', undefined, 404);
}

/**
 * The body as a JSON object. Malformed JSON or an empty body is `SerializationException` without a
 * message (what Coral sends, per dynalite); a body that is valid JSON but not an object gets
 * Coral's deserializer messages for a structure (see json-type-errors.ts).
 */
export function parseJsonBody(body: Uint8Array | string): Record<string, unknown> {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  if (text.trim() === '') throw new AwsJsonError('SerializationException', undefined, 400);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsJsonError('SerializationException', undefined, 400);
  }
  if (parsed === null) return {};
  if (Array.isArray(parsed)) throw new AwsJsonError('SerializationException', 'Start of list found where not expected', 400);
  if (typeof parsed !== 'object') throw new AwsJsonError('SerializationException', 'Expected null', 400);
  return parsed as Record<string, unknown>;
}

/**
 * `AmazonEC2ContainerRegistry_V20150921.DescribeRepositories` → the operation. A missing header, a
 * foreign prefix or an unknown name is `UnknownOperationException`, 400, no message
 * (aws/aws-sdk-net#1536 shows `{"__type":"UnknownOperationException"}` from a JSON 1.1 service).
 */
export function resolveOperation(model: ServiceModel, target: string | undefined): OperationModel {
  const prefix = `${model.metadata.targetPrefix}.`;
  const name = target?.startsWith(prefix) ? target.slice(prefix.length) : undefined;
  const operation = name === undefined ? undefined : model.operations[name];
  if (operation === undefined || !Object.hasOwn(model.operations, name!)) {
    throw new AwsJsonError('UnknownOperationException', undefined, 400);
  }
  return operation;
}
