// The cache invalidation bus contract (caching/cache-invalidation-bus.ts), run on every adapter: the
// in-process one and PostgreSQL's LISTEN/NOTIFY. Two buses stand for two nodes of one deployment.
// Delivery is asynchronous, so receivers are polled in bounded loops; nothing here times delivery.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { invalidationKey, type CacheInvalidation, type CacheInvalidationBus, type InvalidationListener } from '../caching/cache-invalidation-bus.js';
import { digest } from './records.js';

/** Buses of one deployment, each standing for a node. */
export interface BusFleet {
  node(): Promise<CacheInvalidationBus>;
  /** Closes every bus `node` made, and what they used. */
  cleanup(): Promise<void>;
}

/** A listener that remembers what it was told. */
export class RecordingListener implements InvalidationListener {
  readonly keys = new Set<string>();
  forgotEverything = 0;

  forget(invalidations: readonly CacheInvalidation[]): void {
    for (const invalidation of invalidations) this.keys.add(invalidationKey(invalidation));
  }

  forgetAll(): void {
    this.forgotEverything += 1;
  }

  /** Whether the listener forgot the entry, by name or by forgetting everything. */
  forgot(invalidation: CacheInvalidation): boolean {
    return this.forgotEverything > 0 || this.keys.has(invalidationKey(invalidation));
  }
}

/** Polls until `done` holds; fails with `what` after a bound far beyond any delivery delay. */
export async function eventually(what: string, done: () => boolean, boundMs = 20_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`not seen within ${boundMs} ms: ${what}`);
    await delay(10);
  }
}

const tag = (n: number, length = 8): CacheInvalidation => ({ kind: 'tag', repositoryId: 7, tag: `t${n}`.padEnd(length, 'x') });

interface Pair {
  a: CacheInvalidationBus;
  b: CacheInvalidationBus;
  fleet: BusFleet;
}

export function cacheInvalidationBusContract(name: string, setup: () => Promise<BusFleet>): void {
  describe(`cache invalidation bus contract: ${name}`, () => {
    const withPair = (work: (pair: Pair, listeners: { a: RecordingListener; b: RecordingListener }) => Promise<void>) => async () => {
      const fleet = await setup();
      try {
        const pair = { a: await fleet.node(), b: await fleet.node(), fleet };
        const listeners = { a: new RecordingListener(), b: new RecordingListener() };
        pair.a.subscribe(listeners.a);
        pair.b.subscribe(listeners.b);
        await work(pair, listeners);
      } finally {
        await fleet.cleanup();
      }
    };

    test(
      'every kind of invalidation one node publishes reaches the other, and never its sender',
      withPair(async ({ a, b }, listeners) => {
        const sent: CacheInvalidation[] = [
          { kind: 'repository', repositoryId: 1 },
          { kind: 'tag', repositoryId: 2, tag: 'v1.0_rc-2' },
          { kind: 'manifest', repositoryId: 3, digest: digest(3) },
          { kind: 'blob', repositoryId: 4, digest: `sha512:${'ab'.repeat(64)}` },
        ];
        await a.publish(sent);
        await eventually('the invalidations on node B', () => sent.every((invalidation) => listeners.b.keys.has(invalidationKey(invalidation))));
        const reply = tag(1);
        await b.publish([reply]);
        await eventually("node B's reply on node A", () => listeners.a.keys.has(invalidationKey(reply)));
        assert.deepEqual([...listeners.a.keys], [invalidationKey(reply)], 'node A heard only node B, not itself');
        assert.deepEqual([...listeners.b.keys].sort(), sent.map(invalidationKey).sort(), 'node B heard only node A');
        assert.equal(listeners.a.forgotEverything + listeners.b.forgotEverything, 0, 'nothing was lost, so nothing was forgotten wholesale');
      }),
    );

    test(
      'a batch far larger than one message reaches the other node whole, or as "forget everything"',
      withPair(async ({ a }, listeners) => {
        const large = Array.from({ length: 300 }, (_, n) => tag(n, 120));
        await a.publish(large);
        await eventually('every tag of the large batch', () => large.every((invalidation) => listeners.b.keys.has(invalidationKey(invalidation))));
        const huge = Array.from({ length: 5000 }, (_, n) => tag(n + 1000, 128));
        await a.publish(huge);
        await eventually('every tag of the huge batch', () => huge.every((invalidation) => listeners.b.forgot(invalidation)));
      }),
    );

    test(
      'concurrent publishes all resolve and all arrive',
      withPair(async ({ a, b }, listeners) => {
        const sent = Array.from({ length: 100 }, (_, n) => tag(n));
        await Promise.all(sent.map((invalidation, n) => (n % 2 === 0 ? a : b).publish([invalidation])));
        const heard = (invalidation: CacheInvalidation, n: number) => (n % 2 === 0 ? listeners.b : listeners.a).keys.has(invalidationKey(invalidation));
        await eventually('all 100 invalidations', () => sent.every(heard));
      }),
    );

    test(
      'a closed node publishes nothing and hears nothing',
      withPair(async ({ a, b, fleet }, listeners) => {
        const c = await fleet.node();
        await a.publish([]);
        await a.close();
        const dropped = tag(1);
        await a.publish([dropped]);
        // Messages arrive in the order they were sent (PostgreSQL: in commit order), and A's publish
        // resolved before C's began: had A sent anything, B would have heard it before C's marker.
        const marker = tag(2);
        await c.publish([marker]);
        await eventually("node C's marker on node B", () => listeners.b.keys.has(invalidationKey(marker)));
        assert.equal(listeners.b.forgot(dropped), false, 'nothing left the closed node');
        assert.equal(listeners.a.keys.size, 0, 'the closed node heard nothing');
      }),
    );
  });
}
