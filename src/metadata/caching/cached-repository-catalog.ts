// The repository catalog port, invalidating the read cache where it changes what pulls read:
// repository settings (tag immutability is checked on every push), deleted repositories and account
// settings (read on every authorized request and every mount), here at once and on the other nodes
// through the cache invalidation bus.
import type { RepositorySettings } from '../../domain/repository-settings.js';
import type { RepositoryRecord } from '../metadata-store.js';
import type { ImageRecord, NewRepository, RepositoryCatalog, ResourceTag, TagStatus } from '../repository-catalog.js';
import type { CacheInvalidationBus } from './cache-invalidation-bus.js';
import type { ReadCache } from './read-cache.js';

export class CachedRepositoryCatalog implements RepositoryCatalog {
  constructor(
    private readonly inner: RepositoryCatalog,
    private readonly cache: ReadCache,
    private readonly bus: CacheInvalidationBus,
  ) {}

  createRepository(repository: NewRepository): Promise<RepositoryRecord | undefined> {
    return this.inner.createRepository(repository);
  }

  listRepositories(registryId: string, page: { after?: string; limit: number; names?: string[] }): Promise<RepositoryRecord[]> {
    return this.inner.listRepositories(registryId, page);
  }

  updateSettings(repositoryId: number, settings: RepositorySettings): Promise<void> {
    return this.invalidatingRepository(repositoryId, () => this.inner.updateSettings(repositoryId, settings));
  }

  deleteRepository(repositoryId: number): Promise<void> {
    return this.invalidatingRepository(repositoryId, () => this.inner.deleteRepository(repositoryId));
  }

  /** As CachedMetadataStore's writes: forget before and after, then tell the other nodes. */
  private async invalidatingRepository(repositoryId: number, write: () => Promise<void>): Promise<void> {
    const change = [{ kind: 'repository', repositoryId }] as const;
    this.cache.forget(change);
    try {
      await write();
    } finally {
      this.cache.forget(change);
      await this.bus.publish(change);
    }
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

  getAccountSetting(accountId: string, name: string): Promise<string | undefined> {
    return this.cache.accountSetting(accountId, name, () => this.inner.getAccountSetting(accountId, name));
  }

  async putAccountSetting(accountId: string, name: string, value: string): Promise<void> {
    const change = [{ kind: 'account-setting', accountId, name }] as const;
    this.cache.forget(change);
    try {
      await this.inner.putAccountSetting(accountId, name, value);
    } finally {
      this.cache.forget(change);
      await this.bus.publish(change);
    }
  }

  listImages(repositoryId: number, query: { tagStatus: TagStatus; afterDigest?: string; limit: number }): Promise<ImageRecord[]> {
    return this.inner.listImages(repositoryId, query);
  }

  findImages(repositoryId: number, digests: string[]): Promise<ImageRecord[]> {
    return this.inner.findImages(repositoryId, digests);
  }
}
