import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRepositorySettings, isTagImmutable, type RepositorySettings } from './repository-settings.js';

const settings = (imageTagMutability: RepositorySettings['imageTagMutability'], ...filters: string[]): RepositorySettings => ({
  ...defaultRepositorySettings,
  imageTagMutability,
  tagMutabilityExclusions: filters.map((filter) => ({ filterType: 'WILDCARD', filter })),
});

test('tag mutability with and without exclusion filters', () => {
  assert.equal(isTagImmutable(settings('MUTABLE'), 'latest'), false);
  assert.equal(isTagImmutable(settings('IMMUTABLE'), 'latest'), true);
  assert.equal(isTagImmutable(settings('IMMUTABLE_WITH_EXCLUSION', 'latest', 'dev-*'), 'latest'), false);
  assert.equal(isTagImmutable(settings('IMMUTABLE_WITH_EXCLUSION', 'latest', 'dev-*'), 'dev-123'), false);
  assert.equal(isTagImmutable(settings('IMMUTABLE_WITH_EXCLUSION', 'latest', 'dev-*'), 'v1.0'), true);
  assert.equal(isTagImmutable(settings('MUTABLE_WITH_EXCLUSION', 'v*.beta'), 'v1.2.beta'), true);
  assert.equal(isTagImmutable(settings('MUTABLE_WITH_EXCLUSION', 'v*.beta'), 'v1.2'), false);
  assert.equal(isTagImmutable(settings('MUTABLE_WITH_EXCLUSION', 'v1.0'), 'v1x0'), false, 'dots are literal');
});
