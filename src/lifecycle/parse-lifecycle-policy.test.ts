// Policy text → LifecyclePolicy, and every refusal with ECR's message (docs/lifecycle.md "Validation").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRegistryError } from '../domain/registry-error.js';
import { parseLifecyclePolicy } from './parse-lifecycle-policy.js';

const expire = { type: 'expire' };
const untaggedCount = { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 };
const rule = (rulePriority: unknown, selection: unknown = untaggedCount, extra: Record<string, unknown> = {}) => ({ rulePriority, selection, action: expire, ...extra });
const policyOf = (...rules: unknown[]) => JSON.stringify({ rules });

function refusal(text: string): string {
  try {
    parseLifecyclePolicy(text);
  } catch (error) {
    assert.ok(isRegistryError(error, 'invalid-parameter'), String(error));
    const prefix = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ";
    assert.ok(error.message.startsWith(prefix), error.message);
    assert.ok(error.message.endsWith("'"), error.message);
    return error.message.slice(prefix.length, -1);
  }
  assert.fail(`accepted: ${text}`);
}

describe('parseLifecyclePolicy', () => {
  test('a valid policy comes out ordered by priority, with typed selections and counts', () => {
    const policy = parseLifecyclePolicy(
      policyOf(
        rule(3, { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }),
        rule(1, { tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'imageCountMoreThan', countNumber: 5 }, { description: 'releases' }),
        rule(2, { tagStatus: 'tagged', tagPrefixList: ['dev'], storageClass: 'standard', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }),
      ),
    );
    assert.deepEqual(policy.rules, [
      { rulePriority: 1, description: 'releases', selection: { tagStatus: 'tagged', tagPatternList: ['v*'] }, count: { countType: 'imageCountMoreThan', countNumber: 5 }, action: 'expire' },
      { rulePriority: 2, selection: { tagStatus: 'tagged', tagPrefixList: ['dev'] }, count: { countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: 'expire' },
      { rulePriority: 3, selection: { tagStatus: 'any' }, count: { countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }, action: 'expire' },
    ]);
  });

  const refusals: { what: string; text: string; detail: string }[] = [
    { what: 'not JSON', text: 'rules: everything', detail: 'Could not map policyString into LifecyclePolicy.' },
    { what: 'not an object', text: JSON.stringify([rule(1)]), detail: 'Could not map policyString into LifecyclePolicy.' },
    { what: 'no rules', text: JSON.stringify({ rule: [] }), detail: 'object has missing required properties (["rules"])' },
    { what: 'rules not a list', text: JSON.stringify({ rules: rule(1) }), detail: 'instance type (object) does not match any allowed primitive type (allowed: ["array"])' },
    { what: 'no rule at all', text: policyOf(), detail: 'array is too short: must have at least 1 elements but instance has 0 elements' },
    {
      what: 'more than 50 rules',
      text: policyOf(...Array.from({ length: 51 }, (_, i) => rule(i + 1, { tagStatus: 'tagged', tagPrefixList: [`p${i}`], countType: 'imageCountMoreThan', countNumber: 1 }))),
      detail: 'array is too long: must have at most 50 elements but instance has 51 elements',
    },
    { what: 'a rule that is a string', text: policyOf('rule'), detail: 'instance type (string) does not match any allowed primitive type (allowed: ["object"])' },
    { what: 'rule without priority and action', text: policyOf({ selection: untaggedCount }), detail: 'object has missing required properties (["action","rulePriority"])' },
    { what: 'an unknown rule property', text: policyOf(rule(1, untaggedCount, { unknown: 1 })), detail: 'object instance has properties which are not allowed by the schema: ["unknown"]' },
    { what: 'a fractional priority', text: policyOf(rule(1.5)), detail: 'instance type (number) does not match any allowed primitive type (allowed: ["integer"])' },
    { what: 'priority 0', text: policyOf(rule(0)), detail: 'numeric instance is lower than the required minimum (minimum: 1, found: 0)' },
    { what: 'a description that is a number', text: policyOf(rule(1, untaggedCount, { description: 7 })), detail: 'instance type (integer) does not match any allowed primitive type (allowed: ["string"])' },
    { what: 'selection without countNumber', text: policyOf(rule(1, { tagStatus: 'untagged', countType: 'imageCountMoreThan' })), detail: 'object has missing required properties (["countNumber"])' },
    { what: 'an unknown tagStatus', text: policyOf(rule(1, { ...untaggedCount, tagStatus: 'some' })), detail: 'instance value ("some") not found in enum (possible values: ["tagged","untagged","any"])' },
    { what: 'countNumber 0', text: policyOf(rule(1, { ...untaggedCount, countNumber: 0 })), detail: 'numeric instance is lower than the required minimum (minimum: 1, found: 0)' },
    { what: 'an unknown countType', text: policyOf(rule(1, { ...untaggedCount, countType: 'sinceForever' })), detail: 'instance failed to match exactly one schema (matched 0 out of 4)' },
    { what: 'countUnit with imageCountMoreThan', text: policyOf(rule(1, { ...untaggedCount, countUnit: 'days' })), detail: 'instance failed to match exactly one schema (matched 0 out of 4)' },
    { what: 'sinceImagePushed without countUnit', text: policyOf(rule(1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 3 })), detail: 'instance failed to match exactly one schema (matched 0 out of 4)' },
    { what: 'a null countUnit', text: policyOf(rule(1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: null, countNumber: 3 })), detail: 'instance failed to match exactly one schema (matched 0 out of 4)' },
    { what: 'countUnit hours', text: policyOf(rule(1, { tagStatus: 'untagged', countType: 'sinceImagePulled', countUnit: 'hours', countNumber: 3 })), detail: 'instance failed to match exactly one schema (matched 0 out of 4)' },
    { what: 'an unknown action type', text: policyOf({ ...rule(1), action: { type: 'keep' } }), detail: 'instance failed to match exactly one schema (matched 0 out of 2)' },
    { what: 'a null targetStorageClass on expire', text: policyOf({ ...rule(1), action: { type: 'expire', targetStorageClass: null } }), detail: 'instance failed to match exactly one schema (matched 0 out of 2)' },
    { what: 'an empty prefix', text: policyOf(rule(1, { tagStatus: 'tagged', tagPrefixList: [''], countType: 'imageCountMoreThan', countNumber: 1 })), detail: 'string "" is too short (length: 0, required minimum: 1)' },
    { what: 'an empty prefix list', text: policyOf(rule(1, { tagStatus: 'tagged', tagPrefixList: [], countType: 'imageCountMoreThan', countNumber: 1 })), detail: 'array is too short: must have at least 1 elements but instance has 0 elements' },
    { what: 'tagged without a list', text: policyOf(rule(1, { ...untaggedCount, tagStatus: 'tagged' })), detail: 'Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.' },
    { what: 'untagged with a prefix list', text: policyOf(rule(1, { ...untaggedCount, tagPrefixList: ['v'] })), detail: 'tagPrefixList and tagPatternList can only be used when tagStatus=TAGGED.' },
    { what: 'any with a pattern list', text: policyOf(rule(1, { ...untaggedCount, tagStatus: 'any', tagPatternList: ['v*'] })), detail: 'tagPrefixList and tagPatternList can only be used when tagStatus=TAGGED.' },
    {
      what: 'both lists',
      text: policyOf(rule(1, { tagStatus: 'tagged', tagPrefixList: ['v'], tagPatternList: ['v*'], countType: 'imageCountMoreThan', countNumber: 1 })),
      detail: 'A rule can specify tagPrefixList or tagPatternList, not both.',
    },
    {
      what: 'five wildcards',
      text: policyOf(rule(1, { tagStatus: 'tagged', tagPatternList: ['*test*1*2*3', 'test*1*2*3*4*'], countType: 'imageCountMoreThan', countNumber: 1 })),
      detail: "tagPatternList entry 'test*1*2*3*4*' has 5 wildcards; at most 4 are allowed per pattern.",
    },
    { what: 'a duplicate priority', text: policyOf(rule(2), rule(2, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 3 })), detail: 'rulePriority 2 is used by more than one rule; every rule needs a unique rulePriority.' },
    {
      what: 'an any rule before another rule',
      text: policyOf(rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 3 }), rule(2)),
      detail: 'Rule for tagStatus=ANY must have the lowest priority per storage class',
    },
    {
      what: 'two untagged rules',
      text: policyOf(rule(1), rule(2, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 })),
      detail: 'Only one rule can select Untagged images per storage class.',
    },
    {
      what: 'two rules with the same prefixes',
      text: policyOf(
        rule(1, { tagStatus: 'tagged', tagPrefixList: ['a', 'b'], countType: 'imageCountMoreThan', countNumber: 1 }),
        rule(2, { tagStatus: 'tagged', tagPrefixList: ['b', 'a'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 }),
      ),
      detail: 'rules 1 and 2 select the same tags; the set of rules must contain a unique set of tag prefixes and patterns.',
    },
    {
      what: 'a transition to the archive storage class',
      text: policyOf({ ...rule(1, { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }), action: { type: 'transition', targetStorageClass: 'archive' } }),
      detail: 'rule 1: Berth has no archive storage class, so transition actions, storageClass archive and countType sinceImageTransitioned are not supported.',
    },
    {
      what: 'expiring archived images',
      text: policyOf(rule(1, { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 90 })),
      detail: 'rule 1: Berth has no archive storage class, so transition actions, storageClass archive and countType sinceImageTransitioned are not supported.',
    },
  ];
  for (const { what, text, detail } of refusals) {
    test(`refuses ${what}`, () => assert.equal(refusal(text), detail));
  }

  test('accepts four wildcards in a pattern, and overlapping (not identical) prefixes', () => {
    assert.doesNotThrow(() =>
      parseLifecyclePolicy(
        policyOf(
          rule(1, { tagStatus: 'tagged', tagPatternList: ['*test*1*2*3', 'test*1*2*3*'], countType: 'imageCountMoreThan', countNumber: 1 }),
          rule(2, { tagStatus: 'tagged', tagPrefixList: ['v1'], countType: 'imageCountMoreThan', countNumber: 1 }),
          rule(3, { tagStatus: 'tagged', tagPrefixList: ['v1', 'v'], countType: 'imageCountMoreThan', countNumber: 1 }),
        ),
      ),
    );
  });
});
