// The cache invalidation bus inside one process: what SQLite deployments use (one process owns the
// database, and its own writes already invalidate its cache, so a lone bus has nobody to tell).
// Buses made with `peer()` share one medium and behave like nodes of one deployment: what one
// publishes, the others receive. That is how the contract suite exercises this adapter.
import type { CacheInvalidation, CacheInvalidationBus, InvalidationListener } from './cache-invalidation-bus.js';

export class InProcessCacheInvalidationBus implements CacheInvalidationBus {
  private readonly listeners = new Set<InvalidationListener>();
  private closed = false;

  constructor(private readonly members = new Set<InProcessCacheInvalidationBus>()) {
    members.add(this);
  }

  /** Another bus on the same medium: a second node, in this process. */
  peer(): InProcessCacheInvalidationBus {
    return new InProcessCacheInvalidationBus(this.members);
  }

  async publish(invalidations: readonly CacheInvalidation[]): Promise<void> {
    if (this.closed || invalidations.length === 0) return;
    const copy = [...invalidations];
    for (const member of this.members) if (member !== this) member.deliver(copy);
  }

  subscribe(listener: InvalidationListener): void {
    this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.members.delete(this);
  }

  private deliver(invalidations: readonly CacheInvalidation[]): void {
    for (const listener of this.listeners) listener.forget(invalidations);
  }
}
