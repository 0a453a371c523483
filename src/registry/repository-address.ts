// Which repository a request is about: an account (ECR's registry id) and a validated name.
import { validateRepositoryName } from '../domain/names.js';
import { RegistryError } from '../domain/registry-error.js';
import type { MetadataStore, RepositoryRecord } from '../metadata/metadata-store.js';

export interface RepositoryAddress {
  registryId: string;
  name: string;
}

export function repositoryAddress(registryId: string, name: string): RepositoryAddress {
  return { registryId, name: validateRepositoryName(name) };
}

export interface RepositoryResolverOptions {
  /** Create a repository on its first push (Distribution's behaviour), or require it to exist (ECR's). */
  createOnPush: boolean;
  now: () => number;
}

export class RepositoryResolver {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly options: RepositoryResolverOptions,
  ) {}

  /** The repository, or `repository-not-found` in ECR's words. */
  async existing(address: RepositoryAddress, metadata: MetadataStore = this.metadata): Promise<RepositoryRecord> {
    const repository = await metadata.findRepository(address.registryId, address.name);
    if (!repository) throw repositoryNotFound(address);
    return repository;
  }

  /** The repository a push writes to, created first when the deployment allows it. */
  async forPush(address: RepositoryAddress): Promise<RepositoryRecord> {
    if (!this.options.createOnPush) return this.existing(address);
    return this.metadata.ensureRepository(address.registryId, address.name, this.options.now());
  }
}

export function repositoryNotFound(address: RepositoryAddress): RegistryError {
  return new RegistryError(
    'repository-not-found',
    `The repository with name '${address.name}' does not exist in the registry with id '${address.registryId}'`,
    { name: address.name },
  );
}
