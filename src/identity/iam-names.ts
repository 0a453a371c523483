// The constraints IAM's API declares on names, paths, descriptions, documents and tags (the IAM
// service model, iam/2010-05-08/service-2.json: userNameType, pathType, policyPathType, …), checked
// by the domain so `berth admin` and the IAM API refuse the same values with the same words: IAM's
// ValidationError, worded as Coral words it ("1 validation error detected: Value 'a b' at 'userName'
// failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+").
// Patterns apply to the whole value; `\w` is Java's, ASCII letters, digits and `_`, as in JavaScript.
import { IdentityError } from './identity-error.js';

interface StringConstraint {
  /** The pattern as the model (and so IAM's message) spells it. */
  pattern: string;
  regex: RegExp;
  minLength: number;
  maxLength: number;
}

const name = (maxLength: number): StringConstraint => ({ pattern: '[\\w+=,.@-]+', regex: /^[\w+=,.@-]+$/, minLength: 1, maxLength });

export const constraints = {
  userName: name(64),
  /** Users that already exist are named with up to 128 characters in requests (existingUserNameType). */
  existingUserName: name(128),
  groupName: name(128),
  policyName: name(128),
  path: { pattern: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', regex: /^(\/|\/[\u0021-\u007E]+\/)$/, minLength: 1, maxLength: 512 },
  pathPrefix: { pattern: '\\u002F[\\u0021-\\u007F]*', regex: /^\/[\u0021-\u007F]*$/, minLength: 1, maxLength: 512 },
  policyPath: { pattern: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/', regex: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/, minLength: 1, maxLength: 512 },
  policyDescription: { pattern: '', regex: /^[\s\S]*$/, minLength: 0, maxLength: 1000 },
  policyDocument: { pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', regex: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, minLength: 1, maxLength: 131_072 },
  tagKey: { pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', regex: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, minLength: 1, maxLength: 128 },
  tagValue: { pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', regex: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, minLength: 0, maxLength: 256 },
} satisfies Record<string, StringConstraint>;

export type ConstraintName = keyof typeof constraints;

/** The values a message may echo; documents are too long to repeat. */
const echoed = (constraint: ConstraintName) => constraint !== 'policyDocument';

/**
 * Throws `invalid-value` unless `value` meets the constraint. `label` is the member as IAM names it
 * in messages (`userName`, `tags.1.member.key`).
 */
export function checkValue(value: string, constraint: ConstraintName, label: string): void {
  const rule: StringConstraint = constraints[constraint];
  // Lengths count UTF-16 code units, as Java's String.length() does.
  let problem: string | undefined;
  if (value.length < rule.minLength) problem = `Member must have length greater than or equal to ${rule.minLength}`;
  else if (value.length > rule.maxLength) problem = `Member must have length less than or equal to ${rule.maxLength}`;
  else if (rule.pattern !== '' && !rule.regex.test(value)) problem = `Member must satisfy regular expression pattern: ${rule.pattern}`;
  if (problem !== undefined) {
    const subject = echoed(constraint) ? `Value '${value}' at '${label}'` : `Value at '${label}'`;
    throw new IdentityError('invalid-value', `1 validation error detected: ${subject} failed to satisfy constraint: ${problem}`);
  }
}

/** IAM's resource tags: at most 50, keys unique whatever their case. */
export interface IamTag {
  key: string;
  value: string;
}

export const maxTagsPerResource = 50;

export function checkTags(tags: readonly IamTag[]): void {
  if (tags.length > maxTagsPerResource) {
    throw new IdentityError('invalid-value', `1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${maxTagsPerResource}`);
  }
  tags.forEach((tag, index) => {
    checkValue(tag.key, 'tagKey', `tags.${index + 1}.member.key`);
    checkValue(tag.value, 'tagValue', `tags.${index + 1}.member.value`);
  });
  if (new Set(tags.map((tag) => tag.key.toLowerCase())).size !== tags.length) {
    throw new IdentityError('invalid-input', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  }
}

/** Whether two IAM names denote the same entity (IAM names are unique whatever their case). */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
