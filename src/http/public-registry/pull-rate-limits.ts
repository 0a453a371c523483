// ECR Public's pull rate limits (ecr-behaviour.md §10): 1 pull a second for anonymous clients, by
// client address, and 10 for authenticated ones, by principal — both configurable, 0 turning one off.
// A pull is a GET of a manifest, by tag or by digest: what pulling an image costs whatever its size.
// HEAD requests (clients checking a tag) and blob GETs (the layers of the image just counted) are not
// pulls. Each client has a token bucket that holds two seconds' worth of pulls, at least two, so that
// pulling one multi-platform image (its index, then one platform's manifest) is not refused halfway;
// the sustained rate is the configured one. Refusals are 429 TOOMANYREQUESTS with Retry-After.
import type { Principal } from '../../identity/principal.js';
import { RateLimiter } from '../rate-limit.js';

export interface PullRateLimitSettings {
  /** Pulls a second per client address without credentials; 0: unlimited. */
  anonymousPerSecond: number;
  /** Pulls a second per principal with an ECR Public token; 0: unlimited. */
  authenticatedPerSecond: number;
}

export class PullRateLimits {
  private readonly anonymous?: RateLimiter;
  private readonly authenticated?: RateLimiter;

  constructor(settings: PullRateLimitSettings, now: () => number = Date.now) {
    if (settings.anonymousPerSecond > 0) this.anonymous = new RateLimiter(settings.anonymousPerSecond, burstOf(settings.anonymousPerSecond), now);
    if (settings.authenticatedPerSecond > 0) {
      this.authenticated = new RateLimiter(settings.authenticatedPerSecond, burstOf(settings.authenticatedPerSecond), now);
    }
  }

  /** Counts one pull, or throws `too-many-requests` with the seconds to wait. */
  take(clientAddress: string, principal: Principal | undefined): void {
    if (principal) this.authenticated?.take(principal.arn);
    else this.anonymous?.take(clientAddress);
  }

  /** Forgets clients whose buckets are full again. */
  sweep(): void {
    this.anonymous?.sweep();
    this.authenticated?.sweep();
  }
}

function burstOf(perSecond: number): number {
  return Math.max(2, Math.ceil(2 * perSecond));
}
