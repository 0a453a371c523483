// Reads a policy document, refuses it with IAM's reason when it is malformed, and compiles it.
//
// The checks run in the order IAM runs them, so a document with several faults is refused for the
// same one AWS would name: size; JSON and grammar ("Syntax errors in policy."); Version; legacy
// parsing (Effect spelled exactly); Sids; actions present; resources present; principal present;
// then each value (resource ARNs, action names, principals, condition values).
import { ActionElement, ResourceElement } from './action-resource-elements.js';
import { compileConditionBlock, isPlainObject } from './condition-block.js';
import {
  PolicyStatement,
  type Effect,
  type PolicyDocument,
  type PolicyKind,
  type PolicyVersion,
} from './policy-document.js';
import { PolicyDocumentError, policyError, policyReasons } from './policy-document-error.js';
import { PrincipalElement, stringList } from './principal-element.js';

export interface ParsePolicyOptions {
  /** Longest accepted document, in characters. Default 10,240 (ECR's repository and registry policies). */
  maxLength?: number;
  /** IAM does not count white space against its size quotas; ECR counts every character. */
  ignoreWhitespaceInLength?: boolean;
  /**
   * Whether statements must name a Resource/NotResource. Default: required in identity policies,
   * optional in resource policies (a repository policy applies to its repository).
   */
  resourceElement?: 'required' | 'optional';
}

export const DEFAULT_POLICY_MAX_LENGTH = 10_240;

const TOP_LEVEL_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const VERSIONS: readonly string[] = ['2012-10-17', '2008-10-17'];
const SID = /^[0-9A-Za-z]*$/;

type RawStatement = Record<string, unknown>;

export function parsePolicyDocument(text: string, kind: PolicyKind, options: ParsePolicyOptions = {}): PolicyDocument {
  checkLength(text, options);
  const document = parseJson(text);
  const statements = statementList(document.Statement);
  statements.forEach((statement, index) => checkStatementGrammar(statement, kind, `Statement[${index}]`));

  const version = document.Version as PolicyVersion | undefined;
  if (kind === 'identity' && version !== '2012-10-17') throw policyError(policyReasons.version, 'Version');

  statements.forEach((statement, index) => {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw policyError(policyReasons.legacyParsing, `Statement[${index}].Effect must be spelled Allow or Deny`);
    }
  });
  if (kind === 'identity') checkSids(statements);
  statements.forEach((statement, index) => {
    const actions = statement.Action ?? statement.NotAction;
    if (actions === undefined || (Array.isArray(actions) && actions.length === 0)) {
      throw policyError(policyReasons.missingActions, `Statement[${index}]`);
    }
  });
  const resourceRequired = (options.resourceElement ?? (kind === 'identity' ? 'required' : 'optional')) === 'required';
  statements.forEach((statement, index) => {
    const resources = statement.Resource ?? statement.NotResource;
    const missing = resources === undefined || (Array.isArray(resources) && resources.length === 0);
    if (missing && (resourceRequired || resources !== undefined)) {
      throw policyError(policyReasons.missingResources, `Statement[${index}]`);
    }
  });
  if (kind === 'resource') {
    statements.forEach((statement, index) => {
      if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
        throw policyError(policyReasons.missingPrincipal, `Statement[${index}]`);
      }
    });
  }

  // Policy variables exist from Version 2012-10-17; in older documents `${…}` is literal text.
  const variables = version === '2012-10-17';
  return {
    kind,
    version: version ?? '2008-10-17',
    id: document.Id as string | undefined,
    statements: statements.map((statement, index) => compileStatement(statement, index, variables)),
  };
}

function checkLength(text: string, options: ParsePolicyOptions): void {
  const maxLength = options.maxLength ?? DEFAULT_POLICY_MAX_LENGTH;
  const length = options.ignoreWhitespaceInLength ? text.replace(/\s+/g, '').length : text.length;
  if (length > maxLength) {
    throw new PolicyDocumentError(policyReasons.tooLarge(maxLength), {
      code: 'policy-too-large',
      detail: `the document is ${length} characters long`,
    });
  }
}

function parseJson(text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw policyError(policyReasons.syntax, `not JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(document)) throw policyError(policyReasons.syntax, 'a policy document is a JSON object');
  for (const element of Object.keys(document)) {
    if (!TOP_LEVEL_ELEMENTS.has(element)) {
      throw policyError(policyReasons.syntax, `unknown top-level element ${JSON.stringify(element)}`);
    }
  }
  const version = document.Version;
  if (version !== undefined && !(typeof version === 'string' && VERSIONS.includes(version))) {
    throw policyError(policyReasons.syntax, `Version must be "2012-10-17" (or the older "2008-10-17")`);
  }
  if (document.Id !== undefined && typeof document.Id !== 'string') {
    throw policyError(policyReasons.syntax, 'Id must be a string');
  }
  return document;
}

/** `Statement` is one statement object or a non-empty list of them. */
function statementList(value: unknown): RawStatement[] {
  if (value === undefined) throw policyError(policyReasons.syntax, 'the document has no Statement');
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw policyError(policyReasons.syntax, 'Statement is empty');
  list.forEach((statement, index) => {
    if (!isPlainObject(statement)) throw policyError(policyReasons.syntax, `Statement[${index}] must be an object`);
  });
  return list as RawStatement[];
}

function checkStatementGrammar(statement: RawStatement, kind: PolicyKind, where: string): void {
  for (const element of Object.keys(statement)) {
    if (kind === 'identity' && (element === 'Principal' || element === 'NotPrincipal')) {
      throw policyError(policyReasons.principalInIdentityPolicy, `${where}.${element}`);
    }
    if (!STATEMENT_ELEMENTS.has(element)) {
      throw policyError(policyReasons.syntax, `${where}: unknown element ${JSON.stringify(element)}`);
    }
  }
  for (const [one, other] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']]) {
    if (statement[one] !== undefined && statement[other] !== undefined) {
      throw policyError(policyReasons.syntax, `${where} cannot have both ${one} and ${other}`);
    }
  }
  const effect = statement.Effect;
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) {
    throw policyError(policyReasons.syntax, `${where}.Effect must be "Allow" or "Deny"`);
  }
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string') {
    throw policyError(policyReasons.syntax, `${where}.Sid must be a string`);
  }
  for (const element of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    if (statement[element] !== undefined) stringList(statement[element], `${where}.${element}`);
  }
}

/** IAM's rules for statement ids; resource policies (ECR's) accept any string and repeats. */
function checkSids(statements: RawStatement[]): void {
  const seen = new Set<string>();
  statements.forEach((statement, index) => {
    const sid = statement.Sid as string | undefined;
    if (sid === undefined || sid === '') return;
    if (!SID.test(sid)) throw policyError(policyReasons.sidCharacters, `Statement[${index}].Sid`);
    if (seen.has(sid)) throw policyError(policyReasons.duplicateSid, `Statement[${index}].Sid ${JSON.stringify(sid)}`);
    seen.add(sid);
  });
}

function compileStatement(statement: RawStatement, index: number, variables: boolean): PolicyStatement {
  const where = `Statement[${index}]`;
  const element = (name: string, negated: string) =>
    statement[name] !== undefined
      ? { name, value: statement[name], negated: false }
      : statement[negated] !== undefined
        ? { name: negated, value: statement[negated], negated: true }
        : undefined;

  const resource = element('Resource', 'NotResource');
  const compiledResource = resource && {
    element: ResourceElement.parse(stringList(resource.value, ''), variables, `${where}.${resource.name}`),
    negated: resource.negated,
  };
  const action = element('Action', 'NotAction')!;
  const compiledAction = {
    element: ActionElement.parse(stringList(action.value, ''), `${where}.${action.name}`),
    negated: action.negated,
  };
  const principal = element('Principal', 'NotPrincipal');
  const compiledPrincipal = principal && {
    element: PrincipalElement.parse(principal.value, `${where}.${principal.name}`),
    negated: principal.negated,
  };
  const condition = statement.Condition;
  const conditions = condition === undefined ? [] : compileConditionBlock(condition, variables, `${where}.Condition`);
  return new PolicyStatement(
    index,
    statement.Sid as string | undefined,
    statement.Effect as Effect,
    compiledPrincipal,
    compiledAction,
    compiledResource,
    conditions,
  );
}
