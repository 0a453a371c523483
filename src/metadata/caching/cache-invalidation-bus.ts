// The port that carries read-cache invalidations between the processes sharing one metadata
// database (read-cache.ts). A node forgets what its own writes change at once; the bus tells the
// other nodes, so that a tag moved or an image deleted through one node is not served stale by
// another for the rest of the TTL. The TTL stays as the safety net for anything the bus loses.
//
// Contract (metadata/testing/cache-invalidation-bus-contract.ts, on every adapter):
// - `publish` is called after the write committed and resolves once the message is on its way; it
//   never rejects: the write is done, and a lost message costs at most one TTL of staleness.
// - Every other subscribed node receives what was published; a node never receives its own
//   messages (it has already forgotten those entries).
// - Whenever messages may have been lost (the connection that carries them dropped, or came back),
//   a node is told to forget everything.
// Adapters: postgres/postgres-cache-invalidation-bus.ts (LISTEN/NOTIFY, for many nodes) and
// in-process-cache-invalidation-bus.ts (SQLite: one process, nobody else to tell).

/** What to forget: the entries a committed write may have made stale. */
export type CacheInvalidation =
  /** The repository by name and everything cached under it (settings changed, repository deleted). */
  | { kind: 'repository'; repositoryId: number }
  | { kind: 'tag'; repositoryId: number; tag: string }
  /** The manifest and every cached tag that resolved to it. */
  | { kind: 'manifest'; repositoryId: number; digest: string }
  /** Whether the repository may see the blob. */
  | { kind: 'blob'; repositoryId: number; digest: string }
  /** A repository's policy (set, replaced or deleted). */
  | { kind: 'repository-policy'; repositoryId: number }
  /** An account's registry policy. */
  | { kind: 'registry-policy'; accountId: string }
  /** One of an account's settings (REGISTRY_POLICY_SCOPE, BLOB_MOUNTING, …). */
  | { kind: 'account-setting'; accountId: string; name: string }
  /** What identity policies apply to the account's users (any IAM policy, attachment or membership change). */
  | { kind: 'identity-policies'; accountId: string };

/** What a node does with other nodes' invalidations: its read cache. */
export interface InvalidationListener {
  forget(invalidations: readonly CacheInvalidation[]): void;
  /** Messages may have been missed: nothing cached can be trusted any more. */
  forgetAll(): void;
}

export interface CacheInvalidationBus {
  /** Tells the other nodes to forget these entries. Never rejects. */
  publish(invalidations: readonly CacheInvalidation[]): Promise<void>;
  /** Delivers other nodes' invalidations to `listener` from now on. */
  subscribe(listener: InvalidationListener): void;
  /** Stops listening; later publishes are dropped. */
  close(): Promise<void>;
}

/** A stable key per invalidation, to drop duplicates from a batch. */
export function invalidationKey(invalidation: CacheInvalidation): string {
  switch (invalidation.kind) {
    case 'repository':
      return `r ${invalidation.repositoryId}`;
    case 'tag':
      return `t ${invalidation.repositoryId} ${invalidation.tag}`;
    case 'manifest':
      return `m ${invalidation.repositoryId} ${invalidation.digest}`;
    case 'blob':
      return `b ${invalidation.repositoryId} ${invalidation.digest}`;
    case 'repository-policy':
      return `p ${invalidation.repositoryId}`;
    case 'registry-policy':
      return `g ${invalidation.accountId}`;
    case 'account-setting':
      return `s ${invalidation.accountId} ${invalidation.name}`;
    case 'identity-policies':
      return `i ${invalidation.accountId}`;
  }
}
