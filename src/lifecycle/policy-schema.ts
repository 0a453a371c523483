// The structural half of lifecycle policy validation: the JSON schema ECR checks a policy against
// before anything else, with the messages of the JSON-schema validator ECR reports them with
// ("object has missing required properties ([\"rules\"])", "instance failed to match exactly one
// schema (matched 0 out of 4)", … as seen in ECR's answers; docs/lifecycle.md lists the sources).
// The selection is a oneOf over the four count types ECR knows and the action a oneOf over its two
// action types: a countUnit on imageCountMoreThan, a missing or null countUnit on sinceImagePushed,
// an unknown countType all fail every alternative, as on ECR. Whatever passes here is shaped right;
// the rules between fields and between rules are checked next (parse-lifecycle-policy.ts).

/** A policy that breaks the schema; the message is ECR's detail text. */
export class PolicyViolation extends Error {}

export interface RawRule {
  rulePriority: number;
  description?: string;
  selection: RawSelection;
  action: { type: 'expire' | 'transition'; targetStorageClass?: 'archive' };
}

export interface RawSelection {
  tagStatus: 'tagged' | 'untagged' | 'any';
  tagPrefixList?: string[];
  tagPatternList?: string[];
  storageClass?: 'standard' | 'archive';
  countType: 'imageCountMoreThan' | 'sinceImagePushed' | 'sinceImagePulled' | 'sinceImageTransitioned';
  countUnit?: 'days';
  countNumber: number;
}

/** ECR's quota: at most 50 rules in a policy. */
const maxRules = 50;
/** Priorities and counts are Java ints on ECR's side. */
const maxInteger = 2_147_483_647;

const selectionVariants: ((selection: Record<string, unknown>) => boolean)[] = [
  (s) => s.countType === 'imageCountMoreThan' && !('countUnit' in s) && isStandard(s),
  (s) => s.countType === 'sinceImagePushed' && s.countUnit === 'days' && isStandard(s),
  (s) => s.countType === 'sinceImagePulled' && s.countUnit === 'days' && isStandard(s),
  (s) => s.countType === 'sinceImageTransitioned' && s.countUnit === 'days' && s.storageClass === 'archive',
];

const actionVariants: ((action: Record<string, unknown>) => boolean)[] = [
  (a) => a.type === 'expire' && !('targetStorageClass' in a),
  (a) => a.type === 'transition' && a.targetStorageClass === 'archive',
];

/** Checks the parsed policy document against the schema; returns its rules, shaped. */
export function checkPolicySchema(document: unknown): RawRule[] {
  const policy = object(document);
  properties(policy, { required: ['rules'], allowed: ['rules'] });
  const rules = array(policy.rules);
  if (rules.length < 1) throw new PolicyViolation(`array is too short: must have at least 1 elements but instance has ${rules.length} elements`);
  if (rules.length > maxRules) {
    throw new PolicyViolation(`array is too long: must have at most ${maxRules} elements but instance has ${rules.length} elements`);
  }
  return rules.map(checkRule);
}

function checkRule(value: unknown): RawRule {
  const rule = object(value);
  properties(rule, { required: ['action', 'rulePriority', 'selection'], allowed: ['action', 'description', 'rulePriority', 'selection'] });
  const rulePriority = integer(rule.rulePriority, 1);
  if ('description' in rule) typed(rule.description, 'string');
  const selection = checkSelection(rule.selection);
  const action = object(rule.action);
  properties(action, { required: ['type'], allowed: ['targetStorageClass', 'type'] });
  oneOf(action, actionVariants);
  return {
    rulePriority,
    ...(typeof rule.description === 'string' && { description: rule.description }),
    selection,
    action: action as RawRule['action'],
  };
}

function checkSelection(value: unknown): RawSelection {
  const selection = object(value);
  properties(selection, {
    required: ['countNumber', 'countType', 'tagStatus'],
    allowed: ['countNumber', 'countType', 'countUnit', 'storageClass', 'tagPatternList', 'tagPrefixList', 'tagStatus'],
  });
  oneOfValues(selection.tagStatus, ['tagged', 'untagged', 'any']);
  for (const list of ['tagPrefixList', 'tagPatternList'] as const) {
    if (!(list in selection)) continue;
    const entries = array(selection[list]);
    if (entries.length < 1) throw new PolicyViolation(`array is too short: must have at least 1 elements but instance has 0 elements`);
    for (const entry of entries) {
      const text = typed(entry, 'string') as string;
      if (text.length < 1) throw new PolicyViolation(`string "" is too short (length: 0, required minimum: 1)`);
    }
  }
  if ('storageClass' in selection) oneOfValues(selection.storageClass, ['standard', 'archive']);
  integer(selection.countNumber, 1);
  oneOf(selection, selectionVariants);
  return selection as unknown as RawSelection;
}

function isStandard(selection: Record<string, unknown>): boolean {
  return !('storageClass' in selection) || selection.storageClass === 'standard';
}

function oneOf(instance: Record<string, unknown>, variants: ((instance: Record<string, unknown>) => boolean)[]): void {
  const matched = variants.filter((variant) => variant(instance)).length;
  if (matched !== 1) throw new PolicyViolation(`instance failed to match exactly one schema (matched ${matched} out of ${variants.length})`);
}

function properties(instance: Record<string, unknown>, schema: { required: string[]; allowed: string[] }): void {
  const missing = schema.required.filter((name) => !(name in instance)).sort();
  if (missing.length > 0) throw new PolicyViolation(`object has missing required properties (${JSON.stringify(missing)})`);
  const extra = Object.keys(instance)
    .filter((name) => !schema.allowed.includes(name))
    .sort();
  if (extra.length > 0) throw new PolicyViolation(`object instance has properties which are not allowed by the schema: ${JSON.stringify(extra)}`);
}

function object(value: unknown): Record<string, unknown> {
  return typed(value, 'object') as Record<string, unknown>;
}

function array(value: unknown): unknown[] {
  return typed(value, 'array') as unknown[];
}

function integer(value: unknown, minimum: number): number {
  const number = typed(value, 'integer') as number;
  if (number < minimum) throw new PolicyViolation(`numeric instance is lower than the required minimum (minimum: ${minimum}, found: ${number})`);
  if (number > maxInteger) throw new PolicyViolation(`numeric instance is greater than the required maximum (maximum: ${maxInteger}, found: ${number})`);
  return number;
}

function oneOfValues(value: unknown, values: string[]): void {
  if (!values.includes(value as string)) {
    throw new PolicyViolation(`instance value (${JSON.stringify(value)}) not found in enum (possible values: ${JSON.stringify(values)})`);
  }
}

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function typed(value: unknown, expected: JsonType): unknown {
  const actual = jsonType(value);
  if (actual !== expected) {
    throw new PolicyViolation(`instance type (${actual}) does not match any allowed primitive type (allowed: ["${expected}"])`);
  }
  return value;
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as 'boolean' | 'string' | 'object';
}
