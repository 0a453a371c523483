// Proves the enum order matches what ECR prints (Java HashSet order), not the model's order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { describeConstraint, javaHashSetOrder } from './constraint-messages.js';

describe('javaHashSetOrder', () => {
  it('reproduces both enum orders captured from ECR', () => {
    // moto's ECR tests, from when ImageTagMutability had two values (model order MUTABLE, IMMUTABLE).
    assert.deepEqual(javaHashSetOrder(['MUTABLE', 'IMMUTABLE']), ['IMMUTABLE', 'MUTABLE']);
    // mulgadc/spinifex ECR gateway tests, captured from AWS.
    assert.deepEqual(javaHashSetOrder(['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION']), [
      'IMMUTABLE',
      'MUTABLE',
      'MUTABLE_WITH_EXCLUSION',
      'IMMUTABLE_WITH_EXCLUSION',
    ]);
  });

  it('grows the table past 12 values like java.util.HashMap, keeping every value once', () => {
    const values = Array.from({ length: 40 }, (_, i) => `VALUE_${i}`);
    const ordered = javaHashSetOrder([...values, 'VALUE_1']);
    assert.equal(ordered.length, 40);
    assert.deepEqual([...ordered].sort(), [...values].sort());
  });
});

describe('describeConstraint', () => {
  it('words nested constraints the Coral way', () => {
    assert.equal(
      describeConstraint({ kind: 'map-keys', inner: [{ kind: 'max-length', limit: 128 }, { kind: 'min-length', limit: 1 }] }),
      'Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]',
    );
    assert.equal(
      describeConstraint({ kind: 'map-values', inner: [{ kind: 'max-length', limit: 256 }] }),
      'Map value must satisfy constraint: [Member must have length less than or equal to 256]',
    );
  });
});
