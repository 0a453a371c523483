// The building blocks under the engine: wildcard patterns with policy variables, IP ranges, dates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCidr, parseIpAddress, rangeContains } from './ip-address.js';
import { parsePolicyDate } from './policy-date.js';
import { WildcardPattern } from './wildcard-pattern.js';

const glob = (pattern: string) => WildcardPattern.compile(pattern, { wildcards: true, variables: true, ignoreCase: false });

test('wildcards: * runs over anything including nothing, ? is exactly one character', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*', '', true],
    ['a*', 'a', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['*b*', 'abc', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a**c', 'ac', true],
    ['*a*a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['repository/team-*/app', 'repository/team-x/y/app', true],
    ['', '', true],
    ['', 'x', false],
  ];
  for (const [pattern, text, expected] of cases) assert.equal(glob(pattern).matches(text), expected, `${pattern} ~ ${text}`);
});

test('without wildcards * and ? are literal', () => {
  const literal = WildcardPattern.compile('a*?', { wildcards: false, variables: false, ignoreCase: false });
  assert.equal(literal.matches('a*?'), true);
  assert.equal(literal.matches('abc'), false);
});

test('policy variables are substituted as literal text, never as wildcards', () => {
  const pattern = glob('home/${aws:username}/*');
  const lookup = (name: string) => (name === 'aws:username' ? 'a*' : undefined);
  assert.equal(pattern.matches('home/a*/x', lookup), true);
  assert.equal(pattern.matches('home/abc/x', lookup), false);
  assert.equal(pattern.matches('home/a*/x', () => undefined), false, 'an unresolvable variable matches nothing');
  assert.equal(glob("home/${aws:username, 'guest'}").matches('home/guest', () => undefined), true);
  assert.equal(glob('${*}${?}${$}').matches('*?$'), true);
  assert.equal(glob('${not a variable}').matches('${not a variable}'), true);
  const ignoringCase = WildcardPattern.compile('${aws:username}', { wildcards: false, variables: true, ignoreCase: true });
  assert.equal(ignoringCase.matches('alice', () => 'ALICE'), true);
});

test('IP addresses: IPv4, IPv6 with compression and embedded IPv4, mapped IPv4, zones', () => {
  assert.deepEqual(parseIpAddress('192.0.2.1'), { version: 4, value: 0xc0000201n });
  assert.deepEqual(parseIpAddress('::ffff:192.0.2.1'), { version: 4, value: 0xc0000201n });
  assert.deepEqual(parseIpAddress('::1'), { version: 6, value: 1n });
  assert.deepEqual(parseIpAddress('fe80::1%eth0'), { version: 6, value: 0xfe80n << 112n | 1n });
  assert.equal(parseIpAddress('64:ff9b::192.0.2.1')?.value, (0x64n << 112n) | (0xff9bn << 96n) | 0xc0000201n);
  for (const invalid of ['256.0.0.1', '1.2.3', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', 'example.com']) {
    assert.equal(parseIpAddress(invalid), undefined, invalid);
  }
  const range = parseCidr('2001:db8::/32')!;
  assert.equal(rangeContains(range, parseIpAddress('2001:db8:ffff::1')!), true);
  assert.equal(rangeContains(range, parseIpAddress('2001:db9::1')!), false);
  assert.equal(rangeContains(parseCidr('0.0.0.0/0')!, parseIpAddress('203.0.113.5')!), true);
  assert.equal(rangeContains(parseCidr('203.0.113.5')!, parseIpAddress('203.0.113.6')!), false);
  assert.equal(parseCidr('10.0.0.0/8/1'), undefined);
  assert.equal(parseCidr('10.0.0.0/x'), undefined);
});

test('dates: ISO 8601 in its forms, UTC unless a zone is given, and epoch seconds', () => {
  const noon = Date.UTC(2025, 5, 1, 12);
  assert.equal(parsePolicyDate('2025-06-01T12:00:00Z'), noon);
  assert.equal(parsePolicyDate('2025-06-01T12:00:00'), noon);
  assert.equal(parsePolicyDate('2025-06-01T12:00Z'), noon);
  assert.equal(parsePolicyDate('2025-06-01T14:00:00+02:00'), noon);
  assert.equal(parsePolicyDate('2025-06-01T14:00:00+0200'), noon);
  assert.equal(parsePolicyDate('2025-06-01T12:00:00.250Z'), noon + 250);
  assert.equal(parsePolicyDate('2025-06-01'), Date.UTC(2025, 5, 1));
  assert.equal(parsePolicyDate('1748779200'), noon);
  assert.equal(parsePolicyDate(1748779200), noon);
  for (const invalid of ['2025-13-01', '2025-06-32', '2025-06-01T24:00:00Z', 'tomorrow', '', '2025/06/01']) {
    assert.equal(parsePolicyDate(invalid), undefined, invalid);
  }
});
