// Public repositories as the ECR Public API manages them: create with catalog data and resource tags,
// describe, delete, catalog data, repository policies, image tags. The repository itself is a
// repository of the registry core (public-repository-name.ts), so creation, deletion and resource
// tags go through the same RepositoryService as private ones; what is public-only lives in the
// public registry store. Errors name repositories and registries as the caller does (`name` in
// account `123456789012`), never by their stored names.
import { isRegistryError, RegistryError } from '../domain/registry-error.js';
import type { RepositoryRecord } from '../metadata/metadata-store.js';
import type { ResourceTag } from '../metadata/repository-catalog.js';
import { repositoryAddress, type RepositoryAddress, type RepositoryResolver } from '../registry/repository-address.js';
import type { RepositoryService } from '../registry/repository-service.js';
import { applyCatalogDataChange, type CatalogDataChange, type RepositoryCatalogData } from './catalog-data.js';
import type { PublicRegistryService } from './public-registry-service.js';
import type { ImageTagRecord, PublicRegistryStore } from './public-registry-store.js';
import { publicRegistryId, storedRepositoryName, validatePublicRepositoryName } from './public-repository-name.js';
import type { RepositoryPolicyValidator } from './repository-policy.js';

/** A public repository as a request names it, and where the registry core keeps it. */
export interface PublicRepositoryRef {
  accountId: string;
  alias: string;
  name: string;
  /** `{ registryId: 'ecr-public', name: '<alias>/<name>' }`: what the image, layer and upload services take. */
  address: RepositoryAddress;
}

export interface PublicRepositoryServiceDependencies {
  store: PublicRegistryStore;
  registries: PublicRegistryService;
  repositoryAdmin: RepositoryService;
  repositories: RepositoryResolver;
  /** Checks a policy before it is stored (repository-policy.ts); the policy engine plugs in here. */
  validatePolicy: RepositoryPolicyValidator;
  now?: () => number;
}

/** ECR Public's limit on resource tags of a repository (TooManyTagsException). */
const maxResourceTags = 50;

export class PublicRepositoryService {
  private readonly now: () => number;

  constructor(private readonly dependencies: PublicRepositoryServiceDependencies) {
    this.now = dependencies.now ?? Date.now;
  }

  /** Names a repository of the account's public registry (which need not exist). */
  async ref(accountId: string, name: string): Promise<PublicRepositoryRef> {
    validatePublicRepositoryName(name);
    const { primaryAlias } = await this.dependencies.registries.registryOf(accountId);
    return { accountId, alias: primaryAlias, name, address: repositoryAddress(publicRegistryId, storedRepositoryName(primaryAlias, name)) };
  }

  async create(ref: PublicRepositoryRef, request: { catalogData?: CatalogDataChange; resourceTags: ResourceTag[] }): Promise<{ repository: RepositoryRecord; catalogData: RepositoryCatalogData }> {
    if (request.resourceTags.length > maxResourceTags) {
      throw new RegistryError('too-many-tags', `a repository can have at most ${maxResourceTags} tags; this request has ${request.resourceTags.length}`);
    }
    const catalogData = applyCatalogDataChange(undefined, request.catalogData ?? {}, this.now());
    const repository = await this.dependencies.repositoryAdmin.create({ address: ref.address, resourceTags: request.resourceTags }).catch((error: unknown) => {
      if (!isRegistryError(error, 'repository-exists')) throw error;
      throw new RegistryError('repository-exists', `The repository with name '${ref.name}' already exists in the registry with id '${ref.accountId}'`);
    });
    // Written just after the repository: a crash in between leaves a repository without catalog data,
    // which GetRepositoryCatalogData reports as RepositoryCatalogDataNotFoundException.
    await this.dependencies.store.putCatalogData(repository.id, catalogData);
    return { repository, catalogData };
  }

  /** The repository, or RepositoryNotFoundException in the caller's terms. */
  async get(ref: PublicRepositoryRef): Promise<RepositoryRecord> {
    const repository = await this.dependencies.repositories.existing(ref.address).catch((error: unknown) => {
      if (isRegistryError(error, 'repository-not-found')) throw repositoryNotFound(ref);
      throw error;
    });
    return repository;
  }

  /** The account's public repositories by name, after `after`; with `names`, exactly those, each of which must exist. */
  async list(accountId: string, page: { after?: string; limit: number; names?: string[] }): Promise<RepositoryRecord[]> {
    const { primaryAlias } = await this.dependencies.registries.registryOf(accountId);
    const stored = (name: string) => storedRepositoryName(primaryAlias, validatePublicRepositoryName(name));
    const found = await this.dependencies.store.listRepositories(`${primaryAlias}/`, {
      limit: page.limit,
      ...(page.after !== undefined && { after: stored(page.after) }),
      ...(page.names !== undefined && { names: page.names.map(stored) }),
    });
    const missing = page.names?.find((name) => !found.some((repository) => repository.name === stored(name)));
    if (missing !== undefined && page.after === undefined) throw repositoryNotFound({ accountId, name: missing });
    return found;
  }

  async delete(ref: PublicRepositoryRef, options: { force: boolean }): Promise<RepositoryRecord> {
    await this.get(ref);
    return this.dependencies.repositoryAdmin.delete(ref.address, options).catch((error: unknown) => {
      if (!isRegistryError(error, 'repository-not-empty')) throw error;
      throw new RegistryError(
        'repository-not-empty',
        `The repository with name '${ref.name}' in registry with id '${ref.accountId}' cannot be deleted because it still contains images`,
      );
    });
  }

  async catalogData(ref: PublicRepositoryRef): Promise<RepositoryCatalogData> {
    const repository = await this.get(ref);
    const catalogData = await this.dependencies.store.catalogData(repository.id);
    if (!catalogData) {
      throw new RegistryError('catalog-data-not-found', `The catalog data for the repository with name '${ref.name}' in the registry with id '${ref.accountId}' does not exist`);
    }
    return catalogData;
  }

  async putCatalogData(ref: PublicRepositoryRef, change: CatalogDataChange): Promise<RepositoryCatalogData> {
    const repository = await this.get(ref);
    const current = await this.dependencies.store.catalogData(repository.id);
    const updated = applyCatalogDataChange(current, change, this.now());
    await this.dependencies.store.putCatalogData(repository.id, updated);
    return updated;
  }

  async policy(ref: PublicRepositoryRef): Promise<string> {
    const repository = await this.get(ref);
    const policyText = await this.dependencies.store.policy(repository.id);
    if (policyText === undefined) throw policyNotFound(ref);
    return policyText;
  }

  async setPolicy(ref: PublicRepositoryRef, policyText: string): Promise<string> {
    const repository = await this.get(ref);
    this.dependencies.validatePolicy(policyText);
    await this.dependencies.store.putPolicy(repository.id, policyText, this.now());
    return policyText;
  }

  /** Deletes the policy and returns the text it had. */
  async deletePolicy(ref: PublicRepositoryRef): Promise<string> {
    const repository = await this.get(ref);
    const policyText = await this.dependencies.store.policy(repository.id);
    if (policyText === undefined || !(await this.dependencies.store.deletePolicy(repository.id))) throw policyNotFound(ref);
    return policyText;
  }

  async resourceTags(ref: PublicRepositoryRef): Promise<ResourceTag[]> {
    await this.get(ref);
    return this.dependencies.repositoryAdmin.resourceTags(ref.address);
  }

  async tag(ref: PublicRepositoryRef, tags: ResourceTag[]): Promise<void> {
    await this.get(ref);
    await this.dependencies.repositoryAdmin.tag(ref.address, tags);
  }

  async untag(ref: PublicRepositoryRef, keys: string[]): Promise<void> {
    await this.get(ref);
    await this.dependencies.repositoryAdmin.untag(ref.address, keys);
  }

  /** Tags by name, after `after`, each with its image (DescribeImageTags). */
  async imageTags(ref: PublicRepositoryRef, page: { after?: string; limit: number }): Promise<ImageTagRecord[]> {
    const repository = await this.get(ref);
    return this.dependencies.store.listImageTags(repository.id, page);
  }
}

export function repositoryNotFound(ref: { accountId: string; name: string }): RegistryError {
  return new RegistryError('repository-not-found', `The repository with name '${ref.name}' does not exist in the registry with id '${ref.accountId}'`, {
    name: ref.name,
  });
}

function policyNotFound(ref: PublicRepositoryRef): RegistryError {
  return new RegistryError(
    'repository-policy-not-found',
    `Repository policy does not exist for the repository with name '${ref.name}' in the registry with id '${ref.accountId}'`,
  );
}
