// A table-driven harness for the evaluation engine: each case names a caller, a request and the
// policies in force (written as JSON objects, parsed by the same parsers the API uses, so every
// policy in a table is also proven valid) and the decision AWS would reach.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessDecision, ContextValue, RegistryPolicyScope, RequestPrincipal } from '../access-request.js';
import { parseRegistryPolicy, parseRepositoryPolicy } from '../ecr-policies.js';
import { evaluateAccess } from '../evaluate-access.js';
import { parsePolicyDocument } from '../parse-policy-document.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';

export const userIn = (account: string, userName: string): RequestPrincipal => ({
  accountId: account,
  arn: `arn:aws:iam::${account}:user/${userName}`,
  userName,
  userId: `AIDA${userName.toUpperCase()}`,
  isRoot: false,
});
export const user = (userName: string): RequestPrincipal => userIn(ACCOUNT, userName);
export const rootOf = (account: string): RequestPrincipal => ({
  accountId: account,
  arn: `arn:aws:iam::${account}:root`,
  isRoot: true,
});
export const anonymous: RequestPrincipal = { accountId: '', arn: '', isRoot: false, anonymous: true };
export const service = (name: string): RequestPrincipal => ({ accountId: '', arn: '', isRoot: false, service: name });

export const repository = (name: string, account = ACCOUNT, region = REGION) =>
  `arn:aws:ecr:${region}:${account}:repository/${name}`;

type Json = Record<string, unknown>;

export interface DecisionCase {
  name: string;
  principal: RequestPrincipal;
  action: string;
  /** Default: repository `app` of ACCOUNT. */
  resource?: string;
  /** Default: the account in the resource ARN, or the caller's for `*`. */
  resourceAccountId?: string;
  context?: Record<string, ContextValue>;
  identity?: Json[];
  repositoryPolicy?: Json;
  registryPolicy?: Json;
  registryPolicyScope?: RegistryPolicyScope;
  expect: AccessDecision['reason'];
  /** The Sid (or `Statement[i]`) the decision must name. */
  statement?: string;
}

export function decide(testCase: DecisionCase): AccessDecision {
  const resource = testCase.resource ?? repository('app');
  return evaluateAccess(
    {
      principal: testCase.principal,
      action: testCase.action,
      resource,
      // An ARN names its account; `*` (actions without resource, like GetAuthorizationToken) is the caller's.
      resourceAccountId: testCase.resourceAccountId ?? resource.split(':')[4] ?? testCase.principal.accountId,
      context: testCase.context ?? {},
    },
    {
      identityPolicies: (testCase.identity ?? []).map((policy) => parsePolicyDocument(JSON.stringify(policy), 'identity')),
      resourcePolicy: testCase.repositoryPolicy && parseRepositoryPolicy(JSON.stringify(testCase.repositoryPolicy)),
      registryPolicy:
        testCase.registryPolicy && parseRegistryPolicy(JSON.stringify(testCase.registryPolicy), testCase.registryPolicyScope),
      registryPolicyScope: testCase.registryPolicyScope,
    },
  );
}

/** One node:test test per case, named after what it proves. */
export function runDecisionTable(cases: DecisionCase[]): void {
  for (const testCase of cases) {
    test(`${testCase.name} → ${testCase.expect}`, () => {
      const decision = decide(testCase);
      assert.equal(decision.reason, testCase.expect, JSON.stringify(decision));
      assert.equal(decision.allowed, testCase.expect === 'allowed');
      if (testCase.statement !== undefined) assert.equal(decision.matchedStatement, testCase.statement);
    });
  }
}

/** An identity policy of one statement: `allow('ecr:*')`, `allow(['ecr:BatchGetImage'], repo)`. */
export function identityStatement(effect: 'Allow' | 'Deny', action: string | string[], resource: string | string[] = '*', extra: Json = {}): Json {
  return { Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource, ...extra }] };
}
