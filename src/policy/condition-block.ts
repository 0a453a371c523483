// A statement's Condition block: `{ operator: { key: value | [values] } }`. Every operator and every
// key within it must hold (AND); the values listed for one key are alternatives (OR). IAM User
// Guide, "Condition" and "Condition operators"; the rules for absent keys and multivalued keys
// are spelled out in `holds` below.
import {
  compileValueTest,
  parseOperator,
  type ParsedOperator,
  type RequestScalar,
  type ValueTest,
} from './condition-operators.js';
import { policyError, policyReasons } from './policy-document-error.js';
import type { RequestContext } from './request-context.js';

export interface CompiledCondition {
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** The context key, lower-case (context keys are case-insensitive). */
  readonly key: string;
  holds(context: RequestContext): boolean;
}

type PolicyValue = string | number | boolean;

const CONDITION_KEY = /^[^:]+:.+$/;

export function compileConditionBlock(raw: unknown, variables: boolean, where: string): CompiledCondition[] {
  if (!isPlainObject(raw)) throw policyError(policyReasons.syntax, `${where}: Condition must be an object`);
  const conditions: CompiledCondition[] = [];
  for (const [operatorName, keys] of Object.entries(raw)) {
    const operator = parseOperator(operatorName);
    if (operator === undefined) {
      throw policyError(policyReasons.syntax, `${where}: unknown condition operator ${JSON.stringify(operatorName)}`);
    }
    if (!isPlainObject(keys)) {
      throw policyError(policyReasons.syntax, `${where}.${operatorName} must map condition keys to values`);
    }
    for (const [key, value] of Object.entries(keys)) {
      const place = `${where}.${operatorName}.${key}`;
      const values = policyValues(value, place);
      if (!CONDITION_KEY.test(key)) throw policyError(policyReasons.vendorPrefix, `${place}: keys are vendor:name`);
      const test = compileValueTest(operator.spec, values, variables, place);
      conditions.push(new Condition(operatorName, key.toLowerCase(), operator, test));
    }
  }
  return conditions;
}

class Condition implements CompiledCondition {
  constructor(
    readonly operator: string,
    readonly key: string,
    private readonly parsed: ParsedOperator,
    private readonly test: ValueTest,
  ) {}

  /**
   * - Null: `"true"` holds when the key is absent (or an empty set), `"false"` when present.
   * - Absent key: …IfExists holds; ForAllValues holds (vacuously); ForAnyValue fails; otherwise a
   *   negated operator (StringNotEquals, NotIpAddress, ArnNotLike …) holds and any other fails.
   * - ForAllValues: every request value must match; ForAnyValue: at least one must.
   * - A multivalued key without a qualifier is read as its set: it matches when any value does,
   *   and a negated operator holds when none does.
   */
  holds(context: RequestContext): boolean {
    const raw = context.get(this.key);
    const values: RequestScalar[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const { spec, ifExists, qualifier } = this.parsed;
    if (spec.family === 'Null') return this.test(values.length === 0 ? 'true' : 'false', context.variable);
    if (raw === undefined || (values.length === 0 && qualifier === undefined)) {
      if (ifExists || qualifier === 'ForAllValues') return true;
      if (qualifier === 'ForAnyValue') return false;
      return spec.negated;
    }
    const matches = (value: RequestScalar) => this.test(value, context.variable) !== spec.negated;
    if (qualifier === 'ForAllValues') return values.every(matches);
    if (qualifier === 'ForAnyValue') return values.some(matches);
    const anyMatches = values.some((value) => this.test(value, context.variable));
    return spec.negated ? !anyMatches : anyMatches;
  }
}

/** A condition value is a string, number or boolean, or a list of them (IAM policy grammar). */
function policyValues(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item: unknown) => {
    if (!isScalar(item)) throw policyError(policyReasons.syntax, `${where}: values are strings, numbers or booleans`);
    return String(item);
  });
}

function isScalar(value: unknown): value is PolicyValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
