// ECR's two resource policies and how ECR refuses them. SetRepositoryPolicy and PutRegistryPolicy
// answer a bad document with InvalidParameterException, "Invalid parameter at 'PolicyText' failed
// to satisfy constraint: 'Invalid repository policy provided'" (or '… registry policy …'), as
// reported verbatim in terraform-aws-modules/terraform-aws-ecr#19 and pulumi/pulumi-aws#2326.
// ECR names no reason; Berth appends IAM's, so the author can fix the document.
import { REGISTRY_V1_ACTIONS, type RegistryPolicyScope } from './access-request.js';
import { parsePolicyDocument, DEFAULT_POLICY_MAX_LENGTH } from './parse-policy-document.js';
import type { PolicyDocument } from './policy-document.js';
import { PolicyDocumentError, policyError } from './policy-document-error.js';

export type EcrPolicyTarget = 'repository' | 'registry';

/**
 * A repository policy: Principal required; Resource optional (the statement applies to the
 * repository the policy is set on; ECR's examples write `"Resource": "*"`); at most 10,240
 * characters (model shape RepositoryPolicyText).
 */
export function parseRepositoryPolicy(text: string): PolicyDocument {
  return parsePolicyDocument(text, 'resource', { maxLength: DEFAULT_POLICY_MAX_LENGTH, resourceElement: 'optional' });
}

/**
 * A registry policy: Principal and Resource required (it covers many repositories), ECR actions
 * only; under scope V1 only replication, pull-through import and repository creation.
 */
export function parseRegistryPolicy(text: string, scope: RegistryPolicyScope = 'V2'): PolicyDocument {
  const document = parsePolicyDocument(text, 'resource', {
    maxLength: DEFAULT_POLICY_MAX_LENGTH,
    resourceElement: 'required',
  });
  const allowedV1 = new Set(REGISTRY_V1_ACTIONS.map((action) => action.toLowerCase()));
  for (const statement of document.statements) {
    for (const action of statement.action.element.actions) {
      const lower = action.toLowerCase();
      const where = `${statement.label}.${statement.action.negated ? 'NotAction' : 'Action'}`;
      if (lower !== '*' && !lower.startsWith('ecr:')) {
        throw policyError(`Registry policies can only grant ecr actions, not ${action}`, where);
      }
      if (scope === 'V1' && !allowedV1.has(lower) && lower !== 'ecr:*' && lower !== '*') {
        const allowed = REGISTRY_V1_ACTIONS.join(', ');
        throw policyError(`With registry policy scope V1 a registry policy can only grant ${allowed}, not ${action}`, where);
      }
    }
  }
  return document;
}

/** The message of ECR's InvalidParameterException for a refused policy, with the reason. */
export function ecrInvalidPolicyMessage(error: PolicyDocumentError, target: EcrPolicyTarget): string {
  const prefix = "Invalid parameter at 'PolicyText' failed to satisfy constraint:";
  if (error.code === 'policy-too-large') {
    return `${prefix} 'must have length less than or equal to ${DEFAULT_POLICY_MAX_LENGTH}'`;
  }
  const because = error.detail === undefined ? error.reason : `${error.reason} (${error.detail})`;
  return `${prefix} 'Invalid ${target} policy provided'. ${because}`;
}
