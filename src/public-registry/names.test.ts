import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRegistryError } from '../domain/registry-error.js';
import { splitStoredRepositoryName, storedRepositoryName, validatePublicRepositoryName } from './public-repository-name.js';
import { isRegistryAlias, newDefaultAliasName } from './registry-alias.js';
import { invalidPolicyMessage, requireStatement } from './repository-policy.js';

test('registry aliases follow RegistryAliasName; default ones are a letter and seven letters or digits', () => {
  for (const alias of ['ab', 'a1b2c3d4', 'my-team', 'my.team_x', 'a'.repeat(50)]) assert.ok(isRegistryAlias(alias), alias);
  for (const alias of ['a', '1abc', 'Abc', 'a--b', 'a-', '123456789012', 'a'.repeat(51), 'a/b']) assert.ok(!isRegistryAlias(alias), alias);
  for (let i = 0; i < 100; i++) assert.match(newDefaultAliasName(), /^[a-z][a-z0-9]{7}$/);
  assert.equal(newDefaultAliasName(() => Buffer.from([0, 26, 35, 36, 0, 1, 2, 3])), 'a09aabcd');
});

test('public repository names follow the public model, and are stored under the alias', () => {
  for (const name of ['ab', 'team/web', 'a.b_c-d/e', 'x'.repeat(205)]) assert.equal(validatePublicRepositoryName(name), name);
  for (const name of ['a', 'A', 'a__b', 'a--b', '/a', 'a/', 'x'.repeat(206)]) {
    assert.throws(() => validatePublicRepositoryName(name), (error) => isRegistryError(error, 'repository-name-invalid'), name);
  }
  assert.equal(storedRepositoryName('myalias', 'team/web'), 'myalias/team/web');
  assert.deepEqual(splitStoredRepositoryName('myalias/team/web'), { alias: 'myalias', name: 'team/web' });
  assert.equal(splitStoredRepositoryName('noslash'), undefined);
  assert.equal(splitStoredRepositoryName('1digit/web'), undefined, 'not an alias');
});

test('until the policy engine is plugged in, a policy is a JSON object with a Statement', () => {
  requireStatement('{"Version":"2012-10-17","Statement":[]}');
  requireStatement('{"Statement":{"Effect":"Allow"}}');
  for (const text of ['', 'nope', '[]', '{"Statement":"x"}', '{"Statement":null}', '{}']) {
    assert.throws(() => requireStatement(text), (error) => isRegistryError(error, 'invalid-parameter') && error.message === invalidPolicyMessage, text);
  }
});
