// Checks an operation's JSON input against the service model, the way the AWS service does:
// first types (SerializationException, the deserializer stops at the first), then every modeled
// constraint: required, string length / pattern / enum, list and map sizes, number ranges, blob
// sizes. On ECR, constraint failures are InvalidParameterException (see constraint-messages.ts
// for the wording and its sources; ECR's ValidationException is reserved for the service's own
// semantic checks in newer operations, never for model constraints).
//
// Patterns in the model are Java regexes applied to the whole value (`Pattern.matches`), so
// `RepositoryName`'s unanchored `[a-z0-9]+…` still rejects `UPPER` or `a_`.

import { AwsJsonError } from './aws-json-error.js';
import {
  formatValidationMessage,
  type Constraint,
  type ConstraintViolation,
  type MessageStyle,
} from './constraint-messages.js';
import { decodeBlob, typeMismatch } from './json-type-errors.js';
import { getShape, type ListShape, type MapShape, type ServiceModel, type Shape, type StructureShape } from './service-model.js';

export class InputValidationError extends AwsJsonError {
  constructor(
    awsType: string,
    message: string,
    readonly violations: readonly ConstraintViolation[],
  ) {
    super(awsType, message, 400);
  }
}

export interface ValidateInputOptions {
  /** 'ecr' (default): InvalidParameterException, ECR's wording. 'coral': ValidationException. */
  style?: MessageStyle;
}

/**
 * Returns a copy of the input holding only modeled members, with blobs decoded to Buffers and
 * timestamps to Dates, or throws an AwsJsonError the caller serializes as is.
 */
export function validateInput(
  model: ServiceModel,
  operationName: string,
  input: unknown,
  options: ValidateInputOptions = {},
): Record<string, unknown> {
  const operation = Object.hasOwn(model.operations, operationName) ? model.operations[operationName] : undefined;
  if (operation === undefined) throw new AwsJsonError('UnknownOperationException', undefined, 400);
  if (operation.input === undefined) return {};

  const walker = new InputWalker(model);
  const result = walker.visit(operation.input.shape, input ?? {}, '') as Record<string, unknown>;
  if (walker.violations.length > 0) {
    const style = options.style ?? 'ecr';
    throw new InputValidationError(
      style === 'ecr' ? 'InvalidParameterException' : 'ValidationException',
      formatValidationMessage(walker.violations, style),
      walker.violations,
    );
  }
  return result;
}

class InputWalker {
  readonly violations: ConstraintViolation[] = [];

  constructor(private readonly model: ServiceModel) {}

  /** `value` is present (not null/undefined). Throws on a type mismatch. */
  visit(shapeName: string, value: unknown, path: string): unknown {
    const shape = getShape(this.model, shapeName);
    const mismatch = typeMismatch(shape, value);
    if (mismatch) throw mismatch;
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, value as Record<string, unknown>, path);
      case 'list':
        return this.list(shape, shapeName, value as unknown[], path);
      case 'map':
        return this.map(shape, shapeName, value as Record<string, unknown>, path);
      default: {
        const converted = convertScalar(shape, value);
        for (const constraint of scalarFailures(shape, converted)) {
          this.violations.push({ path, value, constraint, shapeName });
        }
        return converted;
      }
    }
  }

  private structure(shape: StructureShape, value: Record<string, unknown>, path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const required = new Set(shape.required ?? []);
    for (const [member, ref] of Object.entries(shape.members)) {
      const key = ref.locationName ?? member;
      const memberPath = path === '' ? key : `${path}.${key}`;
      const memberValue = Object.hasOwn(value, key) ? value[key] : undefined;
      if (memberValue === undefined || memberValue === null) {
        if (required.has(member)) {
          this.violations.push({ path: memberPath, value: null, constraint: { kind: 'required' }, shapeName: ref.shape });
        }
        continue;
      }
      result[member] = this.visit(ref.shape, memberValue, memberPath);
    }
    return result;
  }

  private list(shape: ListShape, shapeName: string, value: unknown[], path: string): unknown[] {
    for (const constraint of sizeFailures(shape, value.length)) this.violations.push({ path, value, constraint, shapeName });
    const memberShape = getShape(this.model, shape.member.shape);
    if (isAggregate(memberShape)) {
      return value.map((item, i) => this.element(shape.member.shape, item, `${path}.${i + 1}.member`));
    }
    // Scalar members: Coral reports the failed member constraints once, for the whole list.
    const inner: Constraint[] = [];
    const result = value.map((item) => this.scalarElement(memberShape, item, inner));
    if (inner.length > 0) {
      this.violations.push({ path, value, constraint: { kind: 'list-member', inner }, shapeName: shape.member.shape });
    }
    return result;
  }

  private map(shape: MapShape, shapeName: string, value: Record<string, unknown>, path: string): Record<string, unknown> {
    const entries = Object.entries(value);
    for (const constraint of sizeFailures(shape, entries.length)) this.violations.push({ path, value, constraint, shapeName });
    const keyShape = getShape(this.model, shape.key.shape);
    const valueShape = getShape(this.model, shape.value.shape);
    const keyFailures: Constraint[] = [];
    const valueFailures: Constraint[] = [];
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      this.scalarElement(keyShape, key, keyFailures);
      // defineProperty: a client-chosen key such as `__proto__` stays a plain own member.
      Object.defineProperty(result, key, {
        value: isAggregate(valueShape)
          ? this.element(shape.value.shape, item, `${path}.${key}`)
          : this.scalarElement(valueShape, item, valueFailures),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (keyFailures.length > 0) {
      this.violations.push({ path, value, constraint: { kind: 'map-keys', inner: keyFailures }, shapeName: shape.key.shape });
    }
    if (valueFailures.length > 0) {
      this.violations.push({ path, value, constraint: { kind: 'map-values', inner: valueFailures }, shapeName: shape.value.shape });
    }
    return result;
  }

  private element(shapeName: string, item: unknown, path: string): unknown {
    if (item === null || item === undefined) {
      this.violations.push({ path, value: null, constraint: { kind: 'required' }, shapeName });
      return item;
    }
    return this.visit(shapeName, item, path);
  }

  /** A list member or map key/value of scalar type; failures are merged into `into`. */
  private scalarElement(shape: Shape, item: unknown, into: Constraint[]): unknown {
    if (item === null || item === undefined) {
      addUnique(into, { kind: 'required' });
      return item;
    }
    const mismatch = typeMismatch(shape, item);
    if (mismatch) throw mismatch;
    const converted = convertScalar(shape, item);
    for (const constraint of scalarFailures(shape, converted)) addUnique(into, constraint);
    return converted;
  }
}

function isAggregate(shape: Shape): boolean {
  return shape.type === 'structure' || shape.type === 'list' || shape.type === 'map';
}

/** JSON → handler value: blobs decoded, timestamps (epoch seconds) as Dates, integers truncated. */
function convertScalar(shape: Shape, value: unknown): unknown {
  switch (shape.type) {
    case 'blob':
      return decodeBlob(value as string);
    case 'timestamp':
      return new Date((value as number) * 1000);
    case 'integer':
    case 'long':
      // Coral truncates a fractional number sent for an integer member instead of rejecting it.
      return Math.trunc(value as number);
    default:
      return value;
  }
}

/** Coral's order for one value: pattern, then length, then enum; ranges for numbers. */
function scalarFailures(shape: Shape, value: unknown): Constraint[] {
  const failures: Constraint[] = [];
  switch (shape.type) {
    case 'string': {
      const text = value as string;
      if (shape.pattern !== undefined && !wholeValueMatches(shape.pattern, text)) {
        failures.push({ kind: 'pattern', pattern: shape.pattern });
      }
      failures.push(...sizeFailures(shape, text.length));
      if (shape.enum !== undefined && !shape.enum.includes(text)) failures.push({ kind: 'enum', values: shape.enum });
      break;
    }
    case 'blob':
      failures.push(...sizeFailures(shape, (value as Buffer).length));
      break;
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min) failures.push({ kind: 'min-value', limit: shape.min });
      if (shape.max !== undefined && n > shape.max) failures.push({ kind: 'max-value', limit: shape.max });
      break;
    }
    default:
      break;
  }
  return failures;
}

function sizeFailures(shape: { min?: number; max?: number }, size: number): Constraint[] {
  const failures: Constraint[] = [];
  if (shape.min !== undefined && size < shape.min) failures.push({ kind: 'min-length', limit: shape.min });
  if (shape.max !== undefined && size > shape.max) failures.push({ kind: 'max-length', limit: shape.max });
  return failures;
}

const compiled = new Map<string, RegExp>();

/**
 * Java `Pattern.matches`: the whole value must match. The model's patterns are written for Java;
 * the ones in ECR's models mean the same in JavaScript without the `u` flag (e.g. `[a-zA-Z0-9-_+.]`).
 */
function wholeValueMatches(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${pattern})$`);
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

function addUnique(into: Constraint[], constraint: Constraint): void {
  const key = JSON.stringify(constraint);
  if (!into.some((existing) => JSON.stringify(existing) === key)) into.push(constraint);
}
