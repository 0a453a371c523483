// The resource policy port with the read cache in front: the authorizer reads a repository's and its
// account's policy on every request, so both come from memory, "no policy" included; a write through
// here forgets the entry before and after it (a read racing the write cannot re-cache the old text),
// then tells the other nodes through the cache invalidation bus.
import type { ResourcePolicyStore } from '../resource-policy-store.js';
import type { CacheInvalidation, CacheInvalidationBus } from './cache-invalidation-bus.js';
import type { ReadCache } from './read-cache.js';

export class CachedResourcePolicyStore implements ResourcePolicyStore {
  constructor(
    private readonly inner: ResourcePolicyStore,
    private readonly cache: ReadCache,
    private readonly bus: CacheInvalidationBus,
  ) {}

  getRepositoryPolicy(repositoryId: number): Promise<string | undefined> {
    return this.cache.repositoryPolicy(repositoryId, () => this.inner.getRepositoryPolicy(repositoryId));
  }

  putRepositoryPolicy(repositoryId: number, policyText: string, updatedAt: number): Promise<void> {
    return this.invalidating({ kind: 'repository-policy', repositoryId }, () => this.inner.putRepositoryPolicy(repositoryId, policyText, updatedAt));
  }

  deleteRepositoryPolicy(repositoryId: number): Promise<string | undefined> {
    return this.invalidating({ kind: 'repository-policy', repositoryId }, () => this.inner.deleteRepositoryPolicy(repositoryId));
  }

  getRegistryPolicy(accountId: string): Promise<string | undefined> {
    return this.cache.registryPolicy(accountId, () => this.inner.getRegistryPolicy(accountId));
  }

  putRegistryPolicy(accountId: string, policyText: string, updatedAt: number): Promise<void> {
    return this.invalidating({ kind: 'registry-policy', accountId }, () => this.inner.putRegistryPolicy(accountId, policyText, updatedAt));
  }

  deleteRegistryPolicy(accountId: string): Promise<string | undefined> {
    return this.invalidating({ kind: 'registry-policy', accountId }, () => this.inner.deleteRegistryPolicy(accountId));
  }

  private async invalidating<T>(invalidation: CacheInvalidation, write: () => Promise<T>): Promise<T> {
    const change = [invalidation];
    this.cache.forget(change);
    try {
      return await write();
    } finally {
      this.cache.forget(change);
      await this.bus.publish(change);
    }
  }
}
