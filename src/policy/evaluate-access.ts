// AWS's policy evaluation logic (IAM User Guide, "Policy evaluation logic", "Policy evaluation for
// requests within a single account", "Cross-account policy evaluation logic"), for the policy
// types Berth has: identity policies, the repository policy and the registry policy (ECR's
// registry policy is a resource policy of the account's registry, "enforced on all ECR requests"
// under scope V2).
//
// Order of evaluation, for one request:
//  1. Every statement of every applicable policy is tested, cheapest test first: action, then
//     principal (resource policies), then resource, then conditions. The first matching Deny ends
//     evaluation: an explicit deny overrides any allow, from any policy, for every caller, the
//     root user included. Allow statements are skipped once an allow of their kind is known.
//  2. Without a deny, the allows decide:
//     - the root user, in its own account, is allowed everything (it has no identity policies);
//     - same account: an allow in an identity policy OR in a resource policy suffices. A resource
//       policy that names only the account (`arn:aws:iam::<id>:root` or `<id>`) delegates to the
//       account's identity policies and grants a user nothing by itself;
//     - cross account: the caller's identity side (an identity-policy allow, or being its account's
//       root user) AND a resource-policy allow naming the caller or its account are both needed;
//     - anonymous callers and AWS service principals have no identity side: a resource-policy
//       allow (Principal "*", or the service) suffices.
//  3. Otherwise: implicit deny.
import {
  REGISTRY_V1_ACTIONS,
  type AccessDecision,
  type AccessRequest,
  type ApplicablePolicies,
  type PolicySource,
  type RegistryPolicyScope,
} from './access-request.js';
import type { PolicyDocument, PolicyStatement } from './policy-document.js';
import type { PrincipalMatch } from './principal-element.js';
import { RequestContext } from './request-context.js';

const registryV1Actions = new Set(REGISTRY_V1_ACTIONS.map((action) => action.toLowerCase()));

interface Allow {
  statement: PolicyStatement;
  source: PolicySource;
  match: PrincipalMatch;
}

export function evaluateAccess(request: AccessRequest, policies: ApplicablePolicies): AccessDecision {
  const action = request.action.toLowerCase();
  const context = new RequestContext(request);
  const { principal } = request;
  const hasIdentity = !principal.anonymous && principal.service === undefined;

  let identityAllow: Allow | undefined;
  let resourceAllow: Allow | undefined;
  // Once an allow of a kind is known, further Allow statements of that kind cannot change the
  // decision: only Deny statements still need their principal, resource and conditions tested.
  const allowKnown = (source: PolicySource) =>
    source === 'identity' ? identityAllow !== undefined : resourceAllow?.match === 'direct';
  const consider = (document: PolicyDocument | undefined, source: PolicySource): AccessDecision | undefined => {
    if (document === undefined) return undefined;
    for (const statement of document.statements) {
      if (!statement.appliesToAction(action)) continue;
      if (statement.effect === 'Allow' && allowKnown(source)) continue;
      const match = statement.principalMatch(principal);
      if (match === 'none') continue;
      if (!statement.appliesToResource(request.resource, context)) continue;
      if (!statement.conditionsHold(context)) continue;
      if (statement.effect === 'Deny') {
        return { allowed: false, reason: 'explicit-deny', matchedStatement: statement.label, matchedPolicy: source };
      }
      const allow = { statement, source, match };
      if (source === 'identity') identityAllow ??= allow;
      else if (resourceAllow === undefined || (resourceAllow.match === 'account' && match === 'direct')) {
        resourceAllow = allow;
      }
    }
    return undefined;
  };

  // Identity policies belong to the caller: they never apply to anonymous or service callers.
  if (hasIdentity) {
    for (const document of policies.identityPolicies) {
      const denied = consider(document, 'identity');
      if (denied) return denied;
    }
  }
  const denied =
    consider(policies.resourcePolicy, 'repository') ??
    (registryGoverns(action, policies.registryPolicyScope) ? consider(policies.registryPolicy, 'registry') : undefined);
  if (denied) return denied;

  return decideAllows(request, identityAllow, resourceAllow);
}

function registryGoverns(action: string, scope: RegistryPolicyScope = 'V2'): boolean {
  return scope === 'V2' || registryV1Actions.has(action);
}

function decideAllows(
  request: AccessRequest,
  identity: Allow | undefined,
  resource: Allow | undefined,
): AccessDecision {
  const { principal } = request;
  const allowedBy = (allow: Allow | undefined): AccessDecision =>
    allow === undefined
      ? { allowed: true, reason: 'allowed' }
      : { allowed: true, reason: 'allowed', matchedStatement: allow.statement.label, matchedPolicy: allow.source };

  if (principal.anonymous || principal.service !== undefined) {
    return resource !== undefined ? allowedBy(resource) : implicitDeny;
  }
  const sameAccount = principal.accountId === request.resourceAccountId;
  if (sameAccount) {
    if (principal.isRoot) return allowedBy(undefined);
    if (identity !== undefined) return allowedBy(identity);
    if (resource?.match === 'direct') return allowedBy(resource);
    return implicitDeny;
  }
  const identitySide = principal.isRoot || identity !== undefined;
  if (identitySide && resource !== undefined) return allowedBy(resource);
  return implicitDeny;
}

const implicitDeny: AccessDecision = { allowed: false, reason: 'implicit-deny' };
