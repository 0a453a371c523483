// A refusal in AWS's words (IAM User Guide, "Troubleshoot access denied error messages"), which ECR
// returns as AccessDeniedException on its API and as `denied:` on the registry host:
//   User: <principal ARN> is not authorized to perform: <action> on resource: <ARN> <why>
// where <why> names the kind of policy that refused:
//   with an explicit deny in an identity-based policy | with an explicit deny in a resource-based policy
//   because no identity-based policy allows the <action> action
//   because no resource-based policy allows the <action> action   (cross account, identity side allowed)
import type { AccessDecision, AccessRequest } from '../policy/index.js';

export function denialMessage(request: AccessRequest, decision: AccessDecision, identitySideAllows: () => boolean): string {
  const head = `User: ${request.principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  if (decision.reason === 'explicit-deny') {
    return `${head} with an explicit deny in ${decision.matchedPolicy === 'identity' ? 'an identity-based' : 'a resource-based'} policy`;
  }
  const crossAccount = request.principal.accountId !== request.resourceAccountId;
  const missing = crossAccount && identitySideAllows() ? 'resource-based' : 'identity-based';
  return `${head} because no ${missing} policy allows the ${request.action} action`;
}
