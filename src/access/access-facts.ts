// What the authorizer reads to decide a request, as a port: the caller's identity policies, the
// repository's policy and the registry policy of the resource's account (with its scope), and the
// repository's resource tags when a policy's conditions read them. store-access-facts.ts answers from
// the metadata stores behind the read cache; tests answer from memory.
import type { Principal } from '../identity/principal.js';
import type { ResourceTag } from '../metadata/repository-catalog.js';
import type { RegistryPolicyScope } from '../policy/index.js';

export interface RepositoryFacts {
  repositoryId: number;
  /** The repository policy's text, undefined when it has none. */
  policyText?: string;
}

export interface RegistryPolicyFacts {
  policyText: string;
  scope: RegistryPolicyScope;
}

export interface AccessFacts {
  /** Every identity policy text that applies to an IAM user (its own, its groups'). Never asked for a root. */
  identityPolicies(principal: Principal & { kind: 'user' }): Promise<string[]>;
  /** The repository and its policy, or undefined when no such repository exists. */
  repository(registryId: string, name: string): Promise<RepositoryFacts | undefined>;
  /** The account's registry policy, or undefined when it has none. */
  registryPolicy(accountId: string): Promise<RegistryPolicyFacts | undefined>;
  resourceTags(repositoryId: number): Promise<ResourceTag[]>;
}

/**
 * Where identity policies come from: the IAM API's store (every policy document that applies to a
 * user, inline and managed, its own and its groups'). A function, so the composition root can put
 * any source (and its cache) behind it.
 */
export type IdentityPolicySource = (principal: Principal & { kind: 'user' }) => Promise<string[]>;
