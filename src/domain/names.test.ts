import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidTag, validateRepositoryName } from './names.js';
import { isRegistryError } from './registry-error.js';

test('repository names follow ECR: 2–256 characters of the OCI name grammar', () => {
  for (const name of ['ab', 'library/alpine', 'a.b_c__d---e/f9', 'x'.repeat(256), '0day/repo']) {
    assert.equal(validateRepositoryName(name), name);
  }
  for (const name of ['a', 'x'.repeat(257), 'Upper', 'a/../b', '..', 'a//b', '/a', 'a/', 'a_', '-a', 'a b', 'a:b', 'a___b']) {
    assert.throws(() => validateRepositoryName(name), (error) => isRegistryError(error, 'repository-name-invalid'), name);
  }
});

test('tags follow the OCI rule', () => {
  for (const tag of ['latest', 'v1.2.3', '_x', 'A-b.c_d', 'x'.repeat(128)]) assert.equal(isValidTag(tag), true, tag);
  for (const tag of ['', '-x', '.x', 'x'.repeat(129), 'a/b', 'a:b', 'sha256:abc']) assert.equal(isValidTag(tag), false, tag);
});
