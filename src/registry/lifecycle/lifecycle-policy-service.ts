// Lifecycle policies as the ECR control plane manages them (service-2.json: PutLifecyclePolicy,
// GetLifecyclePolicy, DeleteLifecyclePolicy). A policy is validated whole before it is stored: an
// invalid one is refused with ECR's message and the policy in force stays as it was.
import { RegistryError } from '../../domain/registry-error.js';
import type { LifecycleStore, StoredLifecyclePolicy } from '../../lifecycle/lifecycle-store.js';
import { parseLifecyclePolicy } from '../../lifecycle/parse-lifecycle-policy.js';
import type { RepositoryRecord } from '../../metadata/metadata-store.js';
import { repositoryNotFound, type RepositoryAddress, type RepositoryResolver } from '../repository-address.js';

export interface RepositoryPolicy {
  repository: RepositoryRecord;
  policy: StoredLifecyclePolicy;
}

export class LifecyclePolicyService {
  constructor(
    private readonly store: LifecycleStore,
    private readonly repositories: RepositoryResolver,
    private readonly now: () => number,
  ) {}

  async put(address: RepositoryAddress, text: string): Promise<RepositoryPolicy> {
    const repository = await this.repositories.existing(address);
    parseLifecyclePolicy(text);
    await this.store.putPolicy(repository.id, text, this.now());
    const policy = await this.store.findPolicy(repository.id);
    // Gone only if the repository was deleted in between (its policy goes with it).
    if (!policy) throw repositoryNotFound(address);
    return { repository, policy };
  }

  async get(address: RepositoryAddress): Promise<RepositoryPolicy> {
    const repository = await this.repositories.existing(address);
    const policy = await this.store.findPolicy(repository.id);
    if (!policy) throw lifecyclePolicyNotFound(address);
    return { repository, policy };
  }

  async delete(address: RepositoryAddress): Promise<RepositoryPolicy> {
    const repository = await this.repositories.existing(address);
    const policy = await this.store.deletePolicy(repository.id);
    if (!policy) throw lifecyclePolicyNotFound(address);
    return { repository, policy };
  }
}

/** ECR's words for a repository without a policy. */
export function lifecyclePolicyNotFound(address: RepositoryAddress): RegistryError {
  return new RegistryError(
    'lifecycle-policy-not-found',
    `Lifecycle policy does not exist for the repository with name '${address.name}' in the registry with id '${address.registryId}'`,
  );
}
