// The AWS policy language for Berth: parse and validate policy documents (refusing malformed ones
// with IAM's and ECR's reasons), and decide requests the way AWS does. Pure: no I/O, no HTTP.
// docs/policies.md describes what is supported and the evaluation order.
export {
  REGISTRY_V1_ACTIONS,
  type AccessDecision,
  type AccessRequest,
  type ApplicablePolicies,
  type ContextValue,
  type PolicySource,
  type RegistryPolicyScope,
  type RequestPrincipal,
} from './access-request.js';
export { evaluateAccess } from './evaluate-access.js';
export {
  ecrInvalidPolicyMessage,
  parseRegistryPolicy,
  parseRepositoryPolicy,
  type EcrPolicyTarget,
} from './ecr-policies.js';
export { DEFAULT_POLICY_MAX_LENGTH, parsePolicyDocument, type ParsePolicyOptions } from './parse-policy-document.js';
export type { Effect, PolicyDocument, PolicyKind, PolicyStatement, PolicyVersion } from './policy-document.js';
export { PolicyDocumentError, policyReasons, type PolicyDocumentErrorCode } from './policy-document-error.js';
