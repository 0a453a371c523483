// The parameters of an AWS Query request (`application/x-www-form-urlencoded` body): `Action`,
// `Version`, scalars by name, lists as `Name.member.N` (N from 1) with structure members as
// `Name.member.N.Member` (botocore's query serializer; IAM's models use no flattened lists). An
// operation reads what it understands; whatever it did not read is refused afterwards, so a
// parameter Berth does not support (PermissionsBoundary, …) is never silently ignored.
import { missingParameter, QueryError } from './query-error.js';

/** `UserName` → `userName`: how Coral names members in validation messages. */
export function memberLabel(parameter: string): string {
  return parameter.charAt(0).toLowerCase() + parameter.slice(1);
}

export class QueryParams {
  private readonly read = new Set<string>(['Action', 'Version']);

  private constructor(private readonly values: ReadonlyMap<string, string>) {}

  /** Form decoding as browsers and botocore do it (`+` is a space); a repeated name keeps its last value. */
  static parse(body: Buffer): QueryParams {
    return new QueryParams(new Map(new URLSearchParams(body.toString('utf8'))));
  }

  get action(): string | undefined {
    return this.values.get('Action');
  }

  get version(): string | undefined {
    return this.values.get('Version');
  }

  optionalString(name: string): string | undefined {
    this.read.add(name);
    return this.values.get(name);
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw missingParameter(memberLabel(name));
    return value;
  }

  /** An integer within [min, max]; Coral's messages for a value out of range. */
  optionalInteger(name: string, range: { min: number; max: number }): number | undefined {
    const text = this.optionalString(name);
    if (text === undefined) return undefined;
    const label = memberLabel(name);
    if (!/^-?\d+$/.test(text)) throw new QueryError('ValidationError', `Invalid value '${text}' for ${label}: an integer is required`, 400);
    const value = Number(text);
    const problem =
      value < range.min ? `Member must have value greater than or equal to ${range.min}` : value > range.max ? `Member must have value less than or equal to ${range.max}` : undefined;
    if (problem) throw new QueryError('ValidationError', `1 validation error detected: Value '${value}' at '${label}' failed to satisfy constraint: ${problem}`, 400);
    return value;
  }

  /** One of `allowed`, or ValidationError with Coral's enum wording. */
  requiredEnum<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.requiredString(name);
    if (!(allowed as readonly string[]).includes(value)) {
      throw new QueryError(
        'ValidationError',
        `1 validation error detected: Value '${value}' at '${memberLabel(name)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
        400,
      );
    }
    return value as T;
  }

  /**
   * A list of structures: `Name.member.1.Key=…&Name.member.1.Value=…`, in index order. Members are
   * read as given (a missing one is undefined, for the domain's checks to refuse); indexes must run
   * from 1 without gaps, as SDKs write them.
   */
  structureList<M extends string>(name: string, members: readonly M[]): Record<M, string | undefined>[] | undefined {
    const prefix = `${name}.member.`;
    const indexes = new Set<number>();
    for (const key of this.values.keys()) {
      if (!key.startsWith(prefix)) continue;
      const match = /^(\d+)\.(\w+)$/.exec(key.slice(prefix.length));
      if (!match || !(members as readonly string[]).includes(match[2]!)) continue;
      indexes.add(Number(match[1]));
      this.read.add(key);
    }
    if (indexes.size === 0) {
      // An empty list is sent as the bare name (`Tags=`).
      if (!this.values.has(name)) return undefined;
      this.read.add(name);
      return [];
    }
    const sorted = [...indexes].sort((a, b) => a - b);
    if (sorted.some((index, position) => index !== position + 1)) {
      throw new QueryError('ValidationError', `The list ${name} must be numbered from ${prefix}1 without gaps`, 400);
    }
    return sorted.map((index) => Object.fromEntries(members.map((member) => [member, this.values.get(`${prefix}${index}.${member}`)])) as Record<M, string | undefined>);
  }

  /** Throws for any parameter the operation did not read. */
  assertAllRead(operationName: string): void {
    const unread = [...this.values.keys()].filter((key) => !this.read.has(key) && !key.startsWith('X-Amz-'));
    if (unread.length > 0) {
      throw new QueryError('InvalidInput', `Berth does not support the parameter ${unread.sort().join(', ')} of ${operationName}`, 400);
    }
  }
}
