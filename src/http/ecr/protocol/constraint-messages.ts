// How ECR words a constraint violation. ECR answers `InvalidParameterException` (400) with
//   Invalid parameter at '<path>' failed to satisfy constraint: '<constraint>'
// and the constraint in Coral's words ("Member must …"). Captured ECR messages this reproduces:
// - "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater
//   than or equal to 1'" (puemos/aws-lambda-ecr-cleaner#3; localstack ECR tests)
// - "… at 'maxResults' … 'Member must have value less than or equal to 1000'" (renovatebot tests)
// - "… at 'registryIds' … 'Member must satisfy constraint: [Member must satisfy regular expression
//   pattern: [0-9]{12}]'" (aws-actions/amazon-ecr-login#225)
// - "… at 'imageTagMutability' … 'Member must satisfy enum value set: [IMMUTABLE, MUTABLE]'" (moto
//   tests) and "[IMMUTABLE, MUTABLE, MUTABLE_WITH_EXCLUSION, IMMUTABLE_WITH_EXCLUSION]"
//   (mulgadc/spinifex ECR gateway tests, captured from AWS): Java HashSet order, see below.
// - Repository names go through ECR's own check, worded without "Member" and with the pattern as
//   a regex literal: "… at 'repositoryName' failed to satisfy constraint: 'must satisfy regular
//   expression '<pattern>''" (jenkins-x/jx#1344, localstack#8051, spinifex) and "'must have
//   length greater than or equal to 2'" (aws/aws-dotnet-deploy#549).
// The Coral form other AWS JSON services use (`N validation errors detected: Value 'x' at 'p'
// failed to satisfy constraint: …`, ValidationException) is available as style 'coral'.

export type Constraint =
  | { kind: 'required' }
  | { kind: 'min-length' | 'max-length' | 'min-value' | 'max-value'; limit: number }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'enum'; values: readonly string[] }
  /** Constraints failed by elements of a list of scalars, reported once for the whole list. */
  | { kind: 'list-member' | 'map-keys' | 'map-values'; inner: readonly Constraint[] };

export interface ConstraintViolation {
  /** Coral member path: `imageIds.1.member.imageTag`. */
  path: string;
  value: unknown;
  constraint: Constraint;
  /** The shape whose constraint failed, for service-specific wording. */
  shapeName: string;
}

export type MessageStyle = 'ecr' | 'coral';

/** Coral's wording of one constraint. */
export function describeConstraint(constraint: Constraint): string {
  switch (constraint.kind) {
    case 'required':
      return 'Member must not be null';
    case 'min-length':
      return `Member must have length greater than or equal to ${constraint.limit}`;
    case 'max-length':
      return `Member must have length less than or equal to ${constraint.limit}`;
    case 'min-value':
      return `Member must have value greater than or equal to ${constraint.limit}`;
    case 'max-value':
      return `Member must have value less than or equal to ${constraint.limit}`;
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${constraint.pattern}`;
    case 'enum':
      return `Member must satisfy enum value set: [${javaHashSetOrder(constraint.values).join(', ')}]`;
    case 'list-member':
      return `Member must satisfy constraint: [${constraint.inner.map(describeConstraint).join(', ')}]`;
    case 'map-keys':
      return `Map keys must satisfy constraint: [${constraint.inner.map(describeConstraint).join(', ')}]`;
    case 'map-values':
      return `Map value must satisfy constraint: [${constraint.inner.map(describeConstraint).join(', ')}]`;
  }
}

/** The `message` of the error ECR (style 'ecr') or a Coral service (style 'coral') sends. */
export function formatValidationMessage(violations: readonly ConstraintViolation[], style: MessageStyle): string {
  if (style === 'ecr') {
    // ECR reports one violation; Berth reports the first in model member order.
    const first = violations[0]!;
    const name = repositoryNameCheck(first);
    if (name !== undefined) return `Invalid parameter at 'repositoryName' failed to satisfy constraint: '${name}'`;
    return `Invalid parameter at '${first.path}' failed to satisfy constraint: '${describeConstraint(first.constraint)}'`;
  }
  const details = violations.map(
    (v) => `Value ${renderValue(v.value)} at '${v.path}' failed to satisfy constraint: ${describeConstraint(v.constraint)}`,
  );
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${details.join('; ')}`;
}

/**
 * ECR validates repository names itself, labelled 'repositoryName' even for an element of a
 * `repositoryNames` list (crossplane-contrib/provider-upjet-aws#1179 hit it from
 * DescribeRepositories). Its regex is printed as a regex literal: `\/` shows as `/`.
 */
function repositoryNameCheck(violation: ConstraintViolation): string | undefined {
  const constraint =
    violation.constraint.kind === 'list-member' ? violation.constraint.inner[0] : violation.constraint;
  if (violation.shapeName !== 'RepositoryName' || constraint === undefined) return undefined;
  switch (constraint.kind) {
    case 'pattern':
      return `must satisfy regular expression '${constraint.pattern.replace(/\\\//g, '/')}'`;
    case 'min-length':
      return `must have length greater than or equal to ${constraint.limit}`;
    case 'max-length':
      return `must have length less than or equal to ${constraint.limit}`;
    default:
      return undefined;
  }
}

/** Coral's rendering of the offending value: `'text'`, `null`, `'[a, b]'`. */
function renderValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  return `'${renderInner(value)}'`;
}

function renderInner(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderInner).join(', ')}]`;
  if (Buffer.isBuffer(value)) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${renderInner(v)}`).join(', ')}}`;
  }
  return String(value);
}

/**
 * Coral lists enum values from a java.util.HashSet, so their order is the set's bucket order, not
 * the model's. Reproducing it (String.hashCode, HashMap.hash spreading, power-of-two table sized
 * for load factor 0.75, minimum 16) gives exactly the two orders captured from ECR above.
 */
export function javaHashSetOrder(values: readonly string[]): string[] {
  let capacity = 16;
  while (values.length > capacity * 0.75) capacity *= 2;
  const buckets = new Map<number, string[]>();
  for (const value of new Set(values)) {
    const h = javaStringHash(value);
    const index = (h ^ (h >>> 16)) & (capacity - 1);
    buckets.set(index, [...(buckets.get(index) ?? []), value]);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).flatMap(([, bucket]) => bucket);
}

function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}
