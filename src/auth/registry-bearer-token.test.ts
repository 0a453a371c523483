import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { rootPrincipal } from '../identity/principal.js';
import { SecretBox } from '../identity/secret-box.js';
import { bearerTokenLifetimeMs, grants, RegistryBearerTokens } from './registry-bearer-token.js';

test('a bearer token carries its claims sealed, expires, and is worthless to another key or when altered', () => {
  let now = 1_000_000;
  const box = new SecretBox(randomBytes(32));
  const tokens = new RegistryBearerTokens(box, () => now);
  const principal = rootPrincipal('123456789012');
  const issued = tokens.issue({ principal, access: [{ name: 'abc/app', actions: ['pull', 'push'] }] });
  assert.equal(issued.expiresInSeconds, bearerTokenLifetimeMs / 1000);
  assert.ok(!issued.token.includes('abc/app'), 'claims are not readable');

  const checked = tokens.check(issued.token);
  assert.equal(checked.outcome, 'valid');
  if (checked.outcome !== 'valid') return;
  assert.deepEqual(checked.claims.principal, principal);
  assert.equal(grants(checked.claims, 'abc/app', 'push'), true);
  assert.equal(grants(checked.claims, 'abc/app', 'delete'), false);
  assert.equal(grants(checked.claims, 'abc/other', 'pull'), false);

  assert.equal(new RegistryBearerTokens(new SecretBox(randomBytes(32)), () => now).check(issued.token).outcome, 'invalid');
  const [version, iv, tag, ciphertext] = issued.token.split('.');
  const altered = [version, iv, tag, (ciphertext![0] === 'A' ? 'B' : 'A') + ciphertext!.slice(1)].join('.');
  assert.equal(tokens.check(altered).outcome, 'invalid');
  assert.equal(tokens.check('not-a-token').outcome, 'invalid');
  now += bearerTokenLifetimeMs;
  assert.equal(tokens.check(issued.token).outcome, 'expired');
});

test('a token never outlives the credentials it was issued for; anonymous tokens have no principal', () => {
  const tokens = new RegistryBearerTokens(new SecretBox(randomBytes(32)), () => 0);
  const issued = tokens.issue({ access: [{ name: 'abc/app', actions: ['*'] }], notAfter: 60_000 });
  assert.equal(issued.expiresInSeconds, 60);
  const checked = tokens.check(issued.token);
  assert.ok(checked.outcome === 'valid' && checked.claims.principal === undefined);
  assert.ok(checked.outcome === 'valid' && grants(checked.claims, 'abc/app', 'delete'), '* grants every action');
});
