// The evaluation engine against the table of cases (testing/lifecycle-cases.ts): for each, exactly
// the expected images expire, each by the expected rule; plus the order deletes must follow.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateLifecyclePolicy, type LifecycleImage } from './evaluate-lifecycle-policy.js';
import { dayMs } from './lifecycle-policy.js';
import { parseLifecyclePolicy } from './parse-lifecycle-policy.js';
import { caseDigest, caseImages, casePolicyText, lifecycleCases } from './testing/lifecycle-cases.js';

const now = Date.UTC(2025, 5, 1, 12);

describe('lifecycle evaluation: the table of cases', () => {
  test('the table has at least 40 cases, each with a valid policy', () => {
    assert.ok(lifecycleCases.length >= 40, `${lifecycleCases.length} cases`);
    for (const testCase of lifecycleCases) {
      assert.doesNotThrow(() => parseLifecyclePolicy(casePolicyText(testCase)), testCase.name);
      const tags = testCase.images.flatMap((image) => image.tags ?? []);
      assert.equal(new Set(tags).size, tags.length, `${testCase.name}: a tag names one image of a repository`);
    }
  });

  for (const testCase of lifecycleCases) {
    test(testCase.name, () => {
      const evaluation = evaluateLifecyclePolicy(parseLifecyclePolicy(casePolicyText(testCase)), caseImages(testCase, now), now);
      const nameOf = new Map(testCase.images.map((image) => [caseDigest(image.name), image.name]));
      const expired = Object.fromEntries(evaluation.expiring.map((expiration) => [nameOf.get(expiration.digest), expiration.rulePriority]));
      assert.deepEqual(expired, testCase.expired);
    });
  }
});

describe('lifecycle evaluation: order and protection', () => {
  const policy = parseLifecyclePolicy(JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }, action: { type: 'expire' } }] }));
  const image = (digest: string, daysAgo: number, children?: string[]): LifecycleImage => ({
    digest,
    tags: [],
    pushedAt: now - daysAgo * dayMs,
    ...(children && { children }),
  });

  test('an index comes before the manifests it lists, whatever their push times; the rest oldest first', () => {
    const images = [image('child-a', 30), image('plain-old', 40), image('child-b', 31), image('index', 5, ['child-a', 'child-b']), image('outer', 2, ['index'])];
    const { expiring, protectedByIndex } = evaluateLifecyclePolicy(policy, images, now);
    const order = expiring.map((expiration) => expiration.digest);
    assert.deepEqual(protectedByIndex, []);
    assert.equal(order.length, 5);
    assert.ok(order.indexOf('outer') < order.indexOf('index'));
    assert.ok(order.indexOf('index') < order.indexOf('child-a'));
    assert.ok(order.indexOf('index') < order.indexOf('child-b'));
    assert.equal(order[0], 'plain-old', 'images no index lists come oldest first');
  });

  test('images an index that stays still lists are reported as protected, not expired', () => {
    const images = [image('child', 30), image('kept-index', 0.5, ['child', 'missing-child'])];
    const { expiring, protectedByIndex } = evaluateLifecyclePolicy(policy, images, now);
    assert.deepEqual(expiring, []);
    assert.deepEqual(protectedByIndex, ['child']);
  });

  test('equal push times rank by digest, so evaluation is the same every time', () => {
    const keepOne = parseLifecyclePolicy(JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] }));
    const images = [image('sha256:b', 1), image('sha256:a', 1), image('sha256:c', 1)];
    const forward = evaluateLifecyclePolicy(keepOne, images, now).expiring.map((expiration) => expiration.digest);
    const backward = evaluateLifecyclePolicy(keepOne, [...images].reverse(), now).expiring.map((expiration) => expiration.digest);
    assert.deepEqual(forward.sort(), ['sha256:b', 'sha256:c']);
    assert.deepEqual(backward.sort(), forward);
  });
});
