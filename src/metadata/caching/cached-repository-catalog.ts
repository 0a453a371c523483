// The repository catalog port, invalidating the read cache where it changes what pulls read:
// repository settings (tag immutability is checked on every push), deleted repositories, and
// account settings (read on every authorized request and every mount).
import type { RepositorySettings } from '../../domain/repository-settings.js';
import type { RepositoryRecord } from '../metadata-store.js';
import type { ImageRecord, NewRepository, RepositoryCatalog, ResourceTag, TagStatus } from '../repository-catalog.js';
import type { ReadCache } from './read-cache.js';

export class CachedRepositoryCatalog implements RepositoryCatalog {
  constructor(
    private readonly inner: RepositoryCatalog,
    private readonly cache: ReadCache,
  ) {}

  createRepository(repository: NewRepository): Promise<RepositoryRecord | undefined> {
    return this.inner.createRepository(repository);
  }

  listRepositories(registryId: string, page: { after?: string; limit: number; names?: string[] }): Promise<RepositoryRecord[]> {
    return this.inner.listRepositories(registryId, page);
  }

  async updateSettings(repositoryId: number, settings: RepositorySettings): Promise<void> {
    this.cache.forgetRepository(repositoryId);
    await this.inner.updateSettings(repositoryId, settings);
    this.cache.forgetRepository(repositoryId);
  }

  async deleteRepository(repositoryId: number): Promise<void> {
    this.cache.forgetRepository(repositoryId);
    await this.inner.deleteRepository(repositoryId);
    this.cache.forgetRepository(repositoryId);
  }

  countManifests(repositoryId: number): Promise<number> {
    return this.inner.countManifests(repositoryId);
  }

  listResourceTags(repositoryId: number): Promise<ResourceTag[]> {
    return this.inner.listResourceTags(repositoryId);
  }

  putResourceTags(repositoryId: number, tags: ResourceTag[]): Promise<void> {
    return this.inner.putResourceTags(repositoryId, tags);
  }

  removeResourceTags(repositoryId: number, keys: string[]): Promise<void> {
    return this.inner.removeResourceTags(repositoryId, keys);
  }

  /** Cached: the authorizer reads REGISTRY_POLICY_SCOPE and pushes read BLOB_MOUNTING per request. */
  getAccountSetting(accountId: string, name: string): Promise<string | undefined> {
    return this.cache.accountSetting(accountId, name, () => this.inner.getAccountSetting(accountId, name));
  }

  async putAccountSetting(accountId: string, name: string, value: string): Promise<void> {
    this.cache.forgetAccountSetting(accountId, name);
    await this.inner.putAccountSetting(accountId, name, value);
    this.cache.forgetAccountSetting(accountId, name);
  }

  listImages(repositoryId: number, query: { tagStatus: TagStatus; afterDigest?: string; limit: number }): Promise<ImageRecord[]> {
    return this.inner.listImages(repositoryId, query);
  }

  findImages(repositoryId: number, digests: string[]): Promise<ImageRecord[]> {
    return this.inner.findImages(repositoryId, digests);
  }
}
