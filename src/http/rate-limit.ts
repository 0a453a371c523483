// Per-client request rate limiting (a token bucket per remote address). Off unless configured;
// a limited request fails with `too-many-requests`, which each surface answers in its own format
// (429 TOOMANYREQUESTS with Retry-After on /v2/).
import { RegistryError } from '../domain/registry-error.js';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;

  constructor(
    private readonly requestsPerSecond: number,
    burst?: number,
    private readonly now: () => number = Date.now,
  ) {
    this.burst = burst ?? Math.max(1, Math.ceil(requestsPerSecond));
  }

  /** Takes one token for `client`, or throws `too-many-requests` saying when to retry. */
  take(client: string): void {
    const now = this.now();
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, refilledAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.requestsPerSecond);
    bucket.refilledAt = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.requestsPerSecond));
    throw new RegistryError('too-many-requests', `too many requests from ${client}: at most ${this.requestsPerSecond} a second`, {
      retryAfterSeconds,
    });
  }

  /** Drops buckets that are full again, so idle clients cost no memory. */
  sweep(): void {
    const now = this.now();
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.requestsPerSecond >= this.burst) this.buckets.delete(client);
    }
  }
}
