// FALLBACK, to be replaced by the policy engine: the composition root should pass
// `(text) => parsePolicyDocument(text, 'identity')` from src/policy/ once that module is merged; this
// file can then go. Until then it refuses what is plainly not an identity policy: text that is not
// JSON, a document that is not an object, an unknown Version, and statements without an Effect of
// Allow or Deny, without actions or resources, or naming a principal. It does not check action
// names, ARNs, condition operators or anything else the engine knows about. Messages are IAM's
// where IAM has a well-known one ("Syntax errors in policy.", "Policy statement must contain
// actions.", "Policy document should not specify a principal.").
import type { PolicyValidator } from './policy-validator.js';

const versions = new Set(['2012-10-17', '2008-10-17']);

export const fallbackPolicyValidator: PolicyValidator = (text) => {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error('Syntax errors in policy.');
  }
  if (!isObject(document)) throw new Error('Syntax errors in policy.');
  if (document.Version !== undefined && !versions.has(document.Version as string)) {
    throw new Error('The policy failed legacy parsing');
  }
  const statements = document.Statement;
  if (statements === undefined) throw new Error('Syntax errors in policy.');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) throw new Error('Syntax errors in policy.');
  for (const statement of list) checkStatement(statement);
};

function checkStatement(statement: unknown): void {
  if (!isObject(statement)) throw new Error('Syntax errors in policy.');
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw new Error('Syntax errors in policy.');
  if ('Principal' in statement || 'NotPrincipal' in statement) throw new Error('Policy document should not specify a principal.');
  if (!isStrings(statement.Action) && !isStrings(statement.NotAction)) throw new Error('Policy statement must contain actions.');
  if (!isStrings(statement.Resource) && !isStrings(statement.NotResource)) throw new Error('Policy statement must contain resources.');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or a non-empty list of strings, as Action and Resource are written. */
function isStrings(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'));
}
