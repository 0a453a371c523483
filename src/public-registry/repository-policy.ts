// Repository policies of public repositories (SetRepositoryPolicy): stored as the text the caller sent.
// What a policy may say is the policy engine's business; until it is plugged in (the composition root
// passes a validator to PublicRepositoryService), a policy must at least be a JSON object with a
// `Statement`, the shape every IAM policy has. Policies are stored, not yet enforced on /v2/.
import { RegistryError } from '../domain/registry-error.js';

/** Throws a RegistryError ('invalid-parameter') for a policy the registry will not store. */
export type RepositoryPolicyValidator = (policyText: string) => void;

/** ECR's answer to a policy it cannot parse (SetRepositoryPolicy, InvalidParameterException). */
export const invalidPolicyMessage = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'";

export const requireStatement: RepositoryPolicyValidator = (policyText) => {
  let policy: unknown;
  try {
    policy = JSON.parse(policyText);
  } catch {
    throw new RegistryError('invalid-parameter', invalidPolicyMessage);
  }
  const statement = typeof policy === 'object' && policy !== null && !Array.isArray(policy) ? (policy as Record<string, unknown>).Statement : undefined;
  if (typeof statement !== 'object' || statement === null) throw new RegistryError('invalid-parameter', invalidPolicyMessage);
};
