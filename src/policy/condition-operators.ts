// The condition operators of the IAM policy grammar (IAM User Guide, "Condition operators"): their
// names, what they compare, and each policy value compiled once into a test. A test answers the
// positive question, "does this request value match one of the policy's values?"; negation,
// missing keys, …IfExists and ForAnyValue:/ForAllValues: are applied by condition-block.ts.
import { parseCidr, parseIpAddress, rangeContains, type IpRange } from './ip-address.js';
import { parsePolicyDate } from './policy-date.js';
import { policyError, policyReasons } from './policy-document-error.js';
import { WildcardPattern, type VariableLookup } from './wildcard-pattern.js';

type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';
type Comparison = 'equals' | 'like' | 'lessThan' | 'lessThanEquals' | 'greaterThan' | 'greaterThanEquals';

export interface OperatorSpec {
  family: Family;
  comparison: Comparison;
  /** StringNotEquals, NotIpAddress, ArnNotLike …: true when the value matches none of the policy's. */
  negated: boolean;
  ignoreCase?: boolean;
}

const op = (family: Family, comparison: Comparison, negated = false, ignoreCase = false): OperatorSpec => ({
  family,
  comparison,
  negated,
  ignoreCase,
});

const OPERATORS: Record<string, OperatorSpec> = {
  StringEquals: op('String', 'equals'),
  StringNotEquals: op('String', 'equals', true),
  StringEqualsIgnoreCase: op('String', 'equals', false, true),
  StringNotEqualsIgnoreCase: op('String', 'equals', true, true),
  StringLike: op('String', 'like'),
  StringNotLike: op('String', 'like', true),
  NumericEquals: op('Numeric', 'equals'),
  NumericNotEquals: op('Numeric', 'equals', true),
  NumericLessThan: op('Numeric', 'lessThan'),
  NumericLessThanEquals: op('Numeric', 'lessThanEquals'),
  NumericGreaterThan: op('Numeric', 'greaterThan'),
  NumericGreaterThanEquals: op('Numeric', 'greaterThanEquals'),
  DateEquals: op('Date', 'equals'),
  DateNotEquals: op('Date', 'equals', true),
  DateLessThan: op('Date', 'lessThan'),
  DateLessThanEquals: op('Date', 'lessThanEquals'),
  DateGreaterThan: op('Date', 'greaterThan'),
  DateGreaterThanEquals: op('Date', 'greaterThanEquals'),
  Bool: op('Bool', 'equals'),
  BinaryEquals: op('Binary', 'equals'),
  IpAddress: op('IpAddress', 'equals'),
  NotIpAddress: op('IpAddress', 'equals', true),
  // ArnEquals and ArnLike are the same operator: both take wildcards in every ARN component.
  ArnEquals: op('Arn', 'like'),
  ArnLike: op('Arn', 'like'),
  ArnNotEquals: op('Arn', 'like', true),
  ArnNotLike: op('Arn', 'like', true),
  Null: op('Null', 'equals'),
};

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface ParsedOperator {
  spec: OperatorSpec;
  ifExists: boolean;
  qualifier?: SetQualifier;
}

/** `ForAllValues:StringLikeIfExists` → StringLike, with IfExists and the set qualifier; else undefined. */
export function parseOperator(name: string): ParsedOperator | undefined {
  const qualifier = (['ForAnyValue', 'ForAllValues'] as const).find((prefix) => name.startsWith(`${prefix}:`));
  let rest = qualifier === undefined ? name : name.slice(qualifier.length + 1);
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const spec = OPERATORS[rest];
  if (spec === undefined) return undefined;
  // Null tests existence itself: it takes neither IfExists nor a set qualifier.
  if (spec.family === 'Null' && (ifExists || qualifier !== undefined)) return undefined;
  return { spec, ifExists, qualifier };
}

export type RequestScalar = string | number | boolean;
export type ValueTest = (value: RequestScalar, variables: VariableLookup) => boolean;

/**
 * Compiles the policy's values for one key into a test. Values the operator cannot read (a date
 * that is no date, a CIDR that is no range) are refused now, at write time, rather than never
 * matching later.
 */
export function compileValueTest(spec: OperatorSpec, values: string[], variables: boolean, where: string): ValueTest {
  const invalid = (value: string, what: string) =>
    policyError(policyReasons.legacyParsing, `${where}: ${JSON.stringify(value)} is not ${what}`);
  switch (spec.family) {
    case 'String': {
      const ignoreCase = spec.ignoreCase === true;
      const patterns = values.map((value) =>
        WildcardPattern.compile(value, { wildcards: spec.comparison === 'like', variables, ignoreCase }),
      );
      return (value, lookup) => {
        const text = ignoreCase ? String(value).toLowerCase() : String(value);
        return patterns.some((pattern) => pattern.matches(text, lookup));
      };
    }
    case 'Numeric': {
      const numbers = values.map((value) => {
        const number = toNumber(value);
        if (number === undefined) throw invalid(value, 'a number');
        return number;
      });
      return (value) => {
        const number = toNumber(value);
        return number !== undefined && numbers.some((bound) => compare(spec.comparison, number, bound));
      };
    }
    case 'Date': {
      const dates = values.map((value) => {
        const date = parsePolicyDate(value);
        if (date === undefined) throw invalid(value, 'an ISO 8601 date or epoch seconds');
        return date;
      });
      return (value) => {
        const date = typeof value === 'boolean' ? undefined : parsePolicyDate(value);
        return date !== undefined && dates.some((bound) => compare(spec.comparison, date, bound));
      };
    }
    case 'Bool':
    case 'Null': {
      const booleans: string[] = values.map((value) => {
        const lower = value.toLowerCase();
        if (lower !== 'true' && lower !== 'false') throw invalid(value, 'true or false');
        return lower;
      });
      return (value) => booleans.includes(String(value).toLowerCase());
    }
    case 'Binary':
      return (value) => values.includes(String(value));
    case 'IpAddress': {
      const ranges: IpRange[] = values.map((value) => {
        const range = parseCidr(value);
        if (range === undefined) throw invalid(value, 'an IPv4 or IPv6 address or CIDR range');
        return range;
      });
      return (value) => {
        const address = parseIpAddress(String(value));
        return address !== undefined && ranges.some((range) => rangeContains(range, address));
      };
    }
    case 'Arn': {
      const patterns = values.map((value) => ArnPattern.compile(value, variables));
      return (value, lookup) => patterns.some((pattern) => pattern.matches(String(value), lookup));
    }
  }
}

function toNumber(value: RequestScalar): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function compare(comparison: Comparison, value: number, bound: number): boolean {
  switch (comparison) {
    case 'equals':
    case 'like':
      return value === bound;
    case 'lessThan':
      return value < bound;
    case 'lessThanEquals':
      return value <= bound;
    case 'greaterThan':
      return value > bound;
    case 'greaterThanEquals':
      return value >= bound;
  }
}

/**
 * ArnLike: "each of the six colon-delimited components of the ARN is checked separately", so a
 * wildcard in the region never swallows the account. A pattern of fewer than six components is
 * matched as a whole.
 */
class ArnPattern {
  private constructor(private readonly components: WildcardPattern[]) {}

  static compile(source: string, variables: boolean): ArnPattern {
    const options = { wildcards: true, variables, ignoreCase: false };
    const parts = splitArn(source);
    return new ArnPattern((parts ?? [source]).map((part) => WildcardPattern.compile(part, options)));
  }

  matches(value: string, variables: VariableLookup): boolean {
    if (this.components.length === 1) return this.components[0].matches(value, variables);
    const parts = splitArn(value);
    return parts !== undefined && this.components.every((pattern, index) => pattern.matches(parts[index], variables));
  }
}

/**
 * `arn:partition:service:region:account:resource` (the resource may itself contain colons). In a
 * pattern, colons inside a policy variable (`${aws:username}`) do not separate components.
 */
function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  let inVariable = false;
  for (let index = 0; index < text.length && parts.length < 5; index += 1) {
    const char = text[index];
    if (char === '$' && text[index + 1] === '{') inVariable = true;
    else if (char === '}') inVariable = false;
    else if (char === ':' && !inVariable) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push(text.slice(start));
  return parts;
}
