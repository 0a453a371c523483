// AccessFacts from the metadata stores. Pass the cached stores (metadata/caching/): then a request's
// facts (repository, its policy, the registry policy and its scope) come from memory, "none"
// included, and only identity policies and resource tags may cost a round trip.
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { RepositoryCatalog, ResourceTag } from '../metadata/repository-catalog.js';
import type { ResourcePolicyStore } from '../metadata/resource-policy-store.js';
import type { RegistryPolicyScope } from '../policy/index.js';
import type { AccessFacts, IdentityPolicySource, RegistryPolicyFacts, RepositoryFacts } from './access-facts.js';

export interface StoreAccessFactsOptions {
  metadata: MetadataStore;
  catalog: RepositoryCatalog;
  policies: ResourcePolicyStore;
  registryPolicyScope(accountId: string): Promise<RegistryPolicyScope>;
  identityPolicies: IdentityPolicySource;
}

export class StoreAccessFacts implements AccessFacts {
  constructor(private readonly options: StoreAccessFactsOptions) {}

  identityPolicies: AccessFacts['identityPolicies'] = (principal) => this.options.identityPolicies(principal);

  async repository(registryId: string, name: string): Promise<RepositoryFacts | undefined> {
    const repository = await this.options.metadata.findRepository(registryId, name);
    if (!repository) return undefined;
    const policyText = await this.options.policies.getRepositoryPolicy(repository.id);
    return { repositoryId: repository.id, ...(policyText !== undefined && { policyText }) };
  }

  async registryPolicy(accountId: string): Promise<RegistryPolicyFacts | undefined> {
    const policyText = await this.options.policies.getRegistryPolicy(accountId);
    if (policyText === undefined) return undefined;
    return { policyText, scope: await this.options.registryPolicyScope(accountId) };
  }

  resourceTags(repositoryId: number): Promise<ResourceTag[]> {
    return this.options.catalog.listResourceTags(repositoryId);
  }
}
