// A JSON value of the wrong type for its shape is a `SerializationException` (400), raised by
// Coral's deserializer before any constraint is checked. The messages below are the Jackson-based
// ones dynalite recorded from the real service (mhart/dynalite test/helpers.js `assertType`),
// including their grammar ("an Boolean") and Java class names.

import { AwsJsonError } from './aws-json-error.js';
import type { Shape } from './service-model.js';

export function serializationError(message: string): AwsJsonError {
  return new AwsJsonError('SerializationException', message, 400);
}

/** The Java class Jackson picks for a JSON value. */
function javaClass(value: unknown): string {
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'java.lang.Double';
    if (value >= -32768 && value <= 32767) return 'java.lang.Short';
    if (value >= -2147483648 && value <= 2147483647) return 'java.lang.Integer';
    return 'java.lang.Long';
  }
  return 'java.lang.Object';
}

// double, float and timestamp by analogy: no ECR or ECR Public input member has those types.
const TARGET_CLASS: Readonly<Record<string, string>> = {
  string: 'an String',
  boolean: 'an Boolean',
  integer: 'an Integer',
  long: 'an Long',
  double: 'an Double',
  float: 'an Float',
  timestamp: 'an Date',
  blob: 'a Blob',
};

/** Undefined when `value` (never null/undefined) fits `shape`'s JSON type. */
export function typeMismatch(shape: Shape, value: unknown): AwsJsonError | undefined {
  const isArray = Array.isArray(value);
  const isObject = typeof value === 'object' && value !== null && !isArray;
  switch (shape.type) {
    case 'structure':
      if (isObject) return undefined;
      return serializationError(isArray ? 'Start of list found where not expected' : 'Expected null');
    case 'list':
      if (isArray) return undefined;
      return serializationError(isObject ? 'Start of structure or map found where not expected.' : 'Expected list or null');
    case 'map':
      if (isObject) return undefined;
      return serializationError(isArray ? 'Start of list found where not expected' : 'Expected map or null');
    default:
      break;
  }
  if (isArray) return serializationError('Start of list found where not expected');
  if (isObject) return serializationError('Start of structure or map found where not expected.');
  const fits =
    shape.type === 'string' || shape.type === 'blob'
      ? typeof value === 'string'
      : shape.type === 'boolean'
        ? typeof value === 'boolean'
        : typeof value === 'number' && Number.isFinite(value); // numbers and timestamps (epoch seconds)
  return fits ? undefined : serializationError(`class ${javaClass(value)} can not be converted to ${TARGET_CLASS[shape.type]}`);
}

/**
 * Base64 for blob members; Coral's decoder messages. Returns the bytes or throws.
 */
export function decodeBlob(text: string): Buffer {
  if (text.length % 4 !== 0) {
    throw serializationError(
      `'${preview(text)}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`,
    );
  }
  const invalid = /[^A-Za-z0-9+/=]|=(?=[^=])/.exec(text);
  if (invalid) throw serializationError(`'${preview(text)}' can not be converted to a Blob: Invalid Base64 character: '${invalid[0][0]}'`);
  return Buffer.from(text, 'base64');
}

/** Layer parts are up to 20 MiB of base64: never echo all of that into a message or a log. */
function preview(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 64)}...`;
}
