// A bounded, short-lived cache of the reads every pull makes (repository by name, tag → manifest,
// manifest by digest, blob visibility), so the hottest requests cost no database round trip.
//
// Correctness rules:
// - Only found records are cached; a miss always asks the database. Except for the few lookups whose
//   absence is the common case (repository and registry policies, account settings, a user's
//   identity policies: most repositories have no policy, and every request asks): there "none" is
//   cached too, under the same rules, so authorizing a request costs no round trip either.
// - Writes through this process invalidate at once (cached-metadata-store.ts); other nodes' writes
//   arrive through the cache invalidation bus (cache-invalidation-bus.ts) a moment after they
//   commit; whatever the bus misses (a CLI command, a lost connection) is seen within `ttlMs`.
// - A read that raced a write must not re-cache the old value: every invalidation bumps a
//   generation, and a read stores its result only if no invalidation happened while it ran.
import type { BlobRecord, ManifestRecord, RepositoryRecord } from '../metadata-store.js';
import type { CacheInvalidation, InvalidationListener } from './cache-invalidation-bus.js';

export interface ReadCacheOptions {
  /** How long an entry may be served; 0 disables caching. */
  ttlMs: number;
  /** Entries per kind, least recently used dropped first. */
  maxEntries: number;
  /** Manifests larger than this are not cached (a few huge indexes must not crowd out the rest). */
  maxManifestBytes: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

class LruMap<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(key, entry); // most recently used goes last
    return entry.value;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  deleteWhere(predicate: (key: string, value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (predicate(key, entry.value)) this.entries.delete(key);
  }
}

const repositoryKey = (registryId: string, name: string) => `${registryId}/${name}`;
const scopedKey = (repositoryId: number, name: string) => `${repositoryId}\u0000${name}`;
/** Never starts with digits and NUL, so forgetRepository's prefix match cannot reach it. */
const accountKey = (accountId: string, name: string) => `account/${accountId}\u0000${name}`;

export class ReadCache implements InvalidationListener {
  private readonly repositories: LruMap<RepositoryRecord>;
  private readonly taggedManifests: LruMap<ManifestRecord>;
  private readonly manifests: LruMap<ManifestRecord>;
  private readonly blobs: LruMap<BlobRecord>;
  /** Policies and account settings, absent ones included: `{ value: undefined }` is a cached "none". */
  private readonly lookups: LruMap<{ value: string | undefined }>;
  /** The identity policy texts of IAM users, by account and user. */
  private readonly identityPolicyTexts: LruMap<string[]>;
  private readonly now: () => number;
  private generation = 0;

  constructor(private readonly options: ReadCacheOptions) {
    this.repositories = new LruMap(options.maxEntries);
    this.taggedManifests = new LruMap(options.maxEntries);
    this.manifests = new LruMap(options.maxEntries);
    this.blobs = new LruMap(options.maxEntries);
    this.lookups = new LruMap(options.maxEntries);
    this.identityPolicyTexts = new LruMap(options.maxEntries);
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  repository(registryId: string, name: string, load: () => Promise<RepositoryRecord | undefined>) {
    return this.through(this.repositories, repositoryKey(registryId, name), load);
  }

  taggedManifest(repositoryId: number, tag: string, load: () => Promise<ManifestRecord | undefined>) {
    return this.through(this.taggedManifests, scopedKey(repositoryId, tag), load, (manifest) => manifest.sizeBytes <= this.options.maxManifestBytes);
  }

  manifest(repositoryId: number, digest: string, load: () => Promise<ManifestRecord | undefined>) {
    return this.through(this.manifests, scopedKey(repositoryId, digest), load, (manifest) => manifest.sizeBytes <= this.options.maxManifestBytes);
  }

  repositoryBlob(repositoryId: number, digest: string, load: () => Promise<BlobRecord | undefined>) {
    return this.through(this.blobs, scopedKey(repositoryId, digest), load);
  }

  repositoryPolicy(repositoryId: number, load: () => Promise<string | undefined>) {
    return this.lookup(scopedKey(repositoryId, 'repository-policy'), load);
  }

  registryPolicy(accountId: string, load: () => Promise<string | undefined>) {
    return this.lookup(accountKey(accountId, 'registry-policy'), load);
  }

  accountSetting(accountId: string, name: string, load: () => Promise<string | undefined>) {
    return this.lookup(accountKey(accountId, `setting/${name}`), load);
  }

  /** Every identity policy text that applies to a user (none is an empty list, cached like any other). */
  identityPolicies(accountId: string, userName: string, load: () => Promise<string[]>) {
    return this.through(this.identityPolicyTexts, accountKey(accountId, `user/${userName.toLowerCase()}`), load) as Promise<string[]>;
  }

  forget(invalidations: readonly CacheInvalidation[]): void {
    for (const invalidation of invalidations) {
      switch (invalidation.kind) {
        case 'repository':
          this.forgetRepository(invalidation.repositoryId);
          break;
        case 'tag':
          this.forgetTag(invalidation.repositoryId, invalidation.tag);
          break;
        case 'manifest':
          this.forgetManifest(invalidation.repositoryId, invalidation.digest);
          break;
        case 'blob':
          this.forgetBlob(invalidation.repositoryId, invalidation.digest);
          break;
        case 'repository-policy':
          this.forgetRepositoryPolicy(invalidation.repositoryId);
          break;
        case 'registry-policy':
          this.forgetRegistryPolicy(invalidation.accountId);
          break;
        case 'account-setting':
          this.forgetAccountSetting(invalidation.accountId, invalidation.name);
          break;
        case 'identity-policies':
          this.forgetIdentityPolicies(invalidation.accountId);
          break;
      }
    }
  }

  forgetAll(): void {
    this.generation += 1;
    const maps = [this.repositories, this.taggedManifests, this.manifests, this.blobs, this.lookups, this.identityPolicyTexts] as LruMap<unknown>[];
    for (const map of maps) map.clear();
  }

  forgetRepository(repositoryId: number): void {
    this.generation += 1;
    const prefix = `${repositoryId}\u0000`;
    this.repositories.deleteWhere((_key, repository) => repository.id === repositoryId);
    for (const map of [this.taggedManifests, this.manifests, this.blobs, this.lookups] as LruMap<unknown>[]) map.deleteWhere((key) => key.startsWith(prefix));
  }

  forgetRepositoryPolicy(repositoryId: number): void {
    this.generation += 1;
    this.lookups.delete(scopedKey(repositoryId, 'repository-policy'));
  }

  forgetRegistryPolicy(accountId: string): void {
    this.generation += 1;
    this.lookups.delete(accountKey(accountId, 'registry-policy'));
  }

  forgetAccountSetting(accountId: string, name: string): void {
    this.generation += 1;
    this.lookups.delete(accountKey(accountId, `setting/${name}`));
  }

  /**
   * Every user's identity policies in the account: one change (a group's policy, a membership, a
   * managed policy attached to many) may reach many users, and such changes are rare.
   */
  forgetIdentityPolicies(accountId: string): void {
    this.generation += 1;
    const prefix = accountKey(accountId, 'user/');
    this.identityPolicyTexts.deleteWhere((key) => key.startsWith(prefix));
  }

  forgetTag(repositoryId: number, tag: string): void {
    this.generation += 1;
    this.taggedManifests.delete(scopedKey(repositoryId, tag));
  }

  /** The manifest and every cached tag that resolved to it. */
  forgetManifest(repositoryId: number, digest: string): void {
    this.generation += 1;
    this.manifests.delete(scopedKey(repositoryId, digest));
    this.taggedManifests.deleteWhere((_key, manifest) => manifest.repositoryId === repositoryId && manifest.digest === digest);
  }

  forgetBlob(repositoryId: number, digest: string): void {
    this.generation += 1;
    this.blobs.delete(scopedKey(repositoryId, digest));
  }

  private async lookup(key: string, load: () => Promise<string | undefined>): Promise<string | undefined> {
    return (await this.through(this.lookups, key, async () => ({ value: await load() })))?.value;
  }

  private async through<V>(map: LruMap<V>, key: string, load: () => Promise<V | undefined>, cacheable: (value: V) => boolean = () => true) {
    if (!this.enabled) return load();
    const now = this.now();
    const hit = map.get(key, now);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && generation === this.generation && cacheable(value)) map.set(key, value, now + this.options.ttlMs);
    return value;
  }
}
