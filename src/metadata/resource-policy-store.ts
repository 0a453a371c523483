// The resource policy port: ECR's repository policies (one per repository, gone with it) and
// registry policies (one per account). Texts are stored exactly as written; validating them is the
// caller's business (registry/resource-policy-service.ts), deciding with them the authorizer's.

export interface ResourcePolicyStore {
  /** The repository's policy text, or undefined when it has none. */
  getRepositoryPolicy(repositoryId: number): Promise<string | undefined>;
  /** Sets or replaces the repository's policy. */
  putRepositoryPolicy(repositoryId: number, policyText: string, updatedAt: number): Promise<void>;
  /** Removes the repository's policy; returns the removed text, or undefined when there was none. */
  deleteRepositoryPolicy(repositoryId: number): Promise<string | undefined>;

  /** The account's registry policy text, or undefined when it has none. */
  getRegistryPolicy(accountId: string): Promise<string | undefined>;
  /** Sets or replaces the account's registry policy. */
  putRegistryPolicy(accountId: string, policyText: string, updatedAt: number): Promise<void>;
  /** Removes the account's registry policy; returns the removed text, or undefined when there was none. */
  deleteRegistryPolicy(accountId: string): Promise<string | undefined>;
}
