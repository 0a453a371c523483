// Repositories as the ECR control plane manages them: create with settings and resource tags,
// describe, delete (with `force`), tag mutability, resource tags.
import { validateRepositoryName } from '../domain/names.js';
import { RegistryError } from '../domain/registry-error.js';
import { defaultRepositorySettings, type RepositorySettings } from '../domain/repository-settings.js';
import type { RepositoryRecord } from '../metadata/metadata-store.js';
import type { RepositoryCatalog, ResourceTag } from '../metadata/repository-catalog.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';

export interface CreateRepositoryRequest {
  address: RepositoryAddress;
  settings?: Partial<RepositorySettings>;
  resourceTags?: ResourceTag[];
}

export class RepositoryService {
  constructor(
    private readonly catalog: RepositoryCatalog,
    private readonly repositories: RepositoryResolver,
    private readonly now: () => number,
  ) {}

  async create(request: CreateRepositoryRequest): Promise<RepositoryRecord> {
    const settings = { ...defaultRepositorySettings, ...request.settings };
    const created = await this.catalog.createRepository({
      registryId: request.address.registryId,
      name: validateRepositoryName(request.address.name),
      createdAt: this.now(),
      settings,
      resourceTags: request.resourceTags ?? [],
    });
    if (!created) {
      throw new RegistryError(
        'repository-exists',
        `The repository with name '${request.address.name}' already exists in the registry with id '${request.address.registryId}'`,
      );
    }
    return created;
  }

  async get(address: RepositoryAddress): Promise<RepositoryRecord> {
    return this.repositories.existing(address);
  }

  /** Repositories of a registry by name order; with `names`, exactly those, each of which must exist. */
  async list(registryId: string, page: { after?: string; limit: number; names?: string[] }): Promise<RepositoryRecord[]> {
    const found = await this.catalog.listRepositories(registryId, page);
    if (page.names !== undefined) {
      const missing = page.names.find((name) => !found.some((repository) => repository.name === name));
      if (missing !== undefined && page.after === undefined) await this.repositories.existing({ registryId, name: missing });
    }
    return found;
  }

  /** Deletes a repository; one that still holds images needs `force`. */
  async delete(address: RepositoryAddress, options: { force: boolean }): Promise<RepositoryRecord> {
    const repository = await this.repositories.existing(address);
    if (!options.force && (await this.catalog.countManifests(repository.id)) > 0) {
      throw new RegistryError(
        'repository-not-empty',
        `The repository with name '${address.name}' in registry with id '${address.registryId}' cannot be deleted because it still contains images`,
      );
    }
    await this.catalog.deleteRepository(repository.id);
    return repository;
  }

  async updateSettings(address: RepositoryAddress, change: Partial<RepositorySettings>): Promise<RepositoryRecord> {
    const repository = await this.repositories.existing(address);
    const settings = { ...repository.settings, ...change };
    await this.catalog.updateSettings(repository.id, settings);
    return { ...repository, settings };
  }

  async resourceTags(address: RepositoryAddress): Promise<ResourceTag[]> {
    const repository = await this.repositories.existing(address);
    return this.catalog.listResourceTags(repository.id);
  }

  /** Adds or overwrites tags; a repository carries at most 50 (ECR's TooManyTagsException). */
  async tag(address: RepositoryAddress, tags: ResourceTag[]): Promise<void> {
    const repository = await this.repositories.existing(address);
    const existing = await this.catalog.listResourceTags(repository.id);
    const keys = new Set([...existing.map((tag) => tag.key), ...tags.map((tag) => tag.key)]);
    if (keys.size > 50) throw new RegistryError('too-many-tags', `a repository can have at most 50 tags; this request would make ${keys.size}`);
    await this.catalog.putResourceTags(repository.id, tags);
  }

  async untag(address: RepositoryAddress, keys: string[]): Promise<void> {
    const repository = await this.repositories.existing(address);
    await this.catalog.removeResourceTags(repository.id, keys);
  }
}
