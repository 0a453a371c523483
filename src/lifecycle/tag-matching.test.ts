// Tag patterns: `*` is any run of characters, the rest must match the whole tag exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTagPattern, tagMatcher } from './tag-matching.js';

test('patterns match whole tags, with * for any run of characters (empty included)', () => {
  const cases: [string, string, boolean][] = [
    ['prod', 'prod', true],
    ['prod', 'prod1', false],
    ['prod*', 'prod', true],
    ['prod*', 'production', true],
    ['*prod', 'preprod', true],
    ['*prod', 'prod-1', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['v*-rc*', 'v1-rc', true],
    ['v*-rc*', 'v-rc2', true],
    ['v*-rc*', 'v1rc', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*a*b*c*', 'xaybzc', true],
    ['*a*b*c*', 'cba', false],
    ['ab*ab', 'abab', true],
    ['ab*ab', 'aba', false],
    ['a**b', 'ab', true],
    ['.*', 'x.y', false],
    ['.*', '.y', true],
  ];
  for (const [pattern, tag, expected] of cases) assert.equal(compileTagPattern(pattern)(tag), expected, `${pattern} ~ ${tag}`);
});

test('a selection with a list needs every entry matched by some tag; untagged and any ignore the lists', () => {
  const both = tagMatcher({ tagStatus: 'tagged', tagPrefixList: ['web', 'v'] });
  assert.equal(both(['web', 'v1']), true);
  assert.equal(both(['web-v1']), false, 'each prefix must begin a tag');
  assert.equal(both(['web']), false);
  assert.equal(both([]), false);
  assert.equal(tagMatcher({ tagStatus: 'tagged', tagPatternList: ['*'] })([]), false, 'an untagged image has no tag to match');
  assert.equal(tagMatcher({ tagStatus: 'untagged' })([]), true);
  assert.equal(tagMatcher({ tagStatus: 'untagged' })(['x']), false);
  assert.equal(tagMatcher({ tagStatus: 'any' })(['x']), true);
  assert.equal(tagMatcher({ tagStatus: 'any' })([]), true);
});
