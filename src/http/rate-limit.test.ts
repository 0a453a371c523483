import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRegistryError } from '../domain/registry-error.js';
import { RateLimiter } from './rate-limit.js';

test('a client gets its burst, then one request per 1/rate seconds; clients are independent', () => {
  let now = 0;
  const limiter = new RateLimiter(2, 2, () => now);
  limiter.take('a');
  limiter.take('a');
  assert.throws(() => limiter.take('a'), (error) => isRegistryError(error, 'too-many-requests') && (error.detail as { retryAfterSeconds: number }).retryAfterSeconds === 1);
  limiter.take('b');
  now = 500;
  limiter.take('a');
  assert.throws(() => limiter.take('a'));
  now = 10_000;
  limiter.sweep();
  limiter.take('a');
});
