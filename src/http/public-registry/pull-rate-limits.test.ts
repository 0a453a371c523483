import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRegistryError } from '../../domain/registry-error.js';
import { rootPrincipal } from '../../identity/principal.js';
import { PullRateLimits } from './pull-rate-limits.js';

test('anonymous pulls are limited per address, authenticated ones per principal, each at its own rate', () => {
  let now = 0;
  const limits = new PullRateLimits({ anonymousPerSecond: 1, authenticatedPerSecond: 10 }, () => now);
  const principal = rootPrincipal('123456789012');
  limits.take('10.0.0.1', undefined);
  limits.take('10.0.0.1', undefined);
  assert.throws(() => limits.take('10.0.0.1', undefined), (error) => isRegistryError(error, 'too-many-requests'));
  limits.take('10.0.0.2', undefined);
  for (let i = 0; i < 20; i++) limits.take('10.0.0.1', principal);
  assert.throws(() => limits.take('10.0.0.9', principal), (error) => isRegistryError(error, 'too-many-requests'), 'a principal is one client from every address');
  now += 1000;
  limits.take('10.0.0.1', undefined);
  assert.throws(() => limits.take('10.0.0.1', undefined), (error) => isRegistryError(error, 'too-many-requests'), 'one more pull a second');
});

test('a rate of 0 turns that limit off', () => {
  const limits = new PullRateLimits({ anonymousPerSecond: 0, authenticatedPerSecond: 0 }, () => 0);
  for (let i = 0; i < 100; i++) limits.take('10.0.0.1', undefined);
});
