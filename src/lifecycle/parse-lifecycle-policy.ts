// Lifecycle policy text → a validated LifecyclePolicy, or ECR's InvalidParameterException:
//   Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint:
//   'Lifecycle policy validation failure: <detail>'
// First the JSON schema (policy-schema.ts), then the rules ECR states between fields and between
// rules (ecr-behaviour.md §4.1–4.2, LifecyclePolicies.md "Lifecycle policy evaluation rules"):
// - tagged needs tagPrefixList or tagPatternList, never both; untagged and any take neither;
// - a pattern holds at most four `*`;
// - rulePriority is unique; the `any` rule has the highest one (it is evaluated last);
// - only one rule selects untagged images; no two rules select the same set of prefixes or patterns.
// Berth has no archive storage class: transition actions, `storageClass: archive` and
// sinceImageTransitioned are refused with a message that says so, instead of being accepted and ignored.
import { RegistryError } from '../domain/registry-error.js';
import type { CountCriterion, LifecyclePolicy, LifecycleRule, TagSelection } from './lifecycle-policy.js';
import { checkPolicySchema, PolicyViolation, type RawRule, type RawSelection } from './policy-schema.js';
import { wildcardCount } from './tag-matching.js';

const maxWildcardsPerPattern = 4;

export function parseLifecyclePolicy(text: string): LifecyclePolicy {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw invalidLifecyclePolicy('Could not map policyString into LifecyclePolicy.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw invalidLifecyclePolicy('Could not map policyString into LifecyclePolicy.');
  }
  try {
    const raw = checkPolicySchema(document);
    const rules = raw.map(toRule).sort((a, b) => a.rulePriority - b.rulePriority);
    checkAcrossRules(rules);
    return { rules };
  } catch (error) {
    if (error instanceof PolicyViolation) throw invalidLifecyclePolicy(error.message);
    throw error;
  }
}

/** ECR's answer to a policy it will not store or preview. */
export function invalidLifecyclePolicy(detail: string): RegistryError {
  return new RegistryError(
    'invalid-parameter',
    `Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${detail}'`,
  );
}

function toRule(raw: RawRule): LifecycleRule {
  if (raw.action.type === 'transition' || raw.selection.storageClass === 'archive' || raw.selection.countType === 'sinceImageTransitioned') {
    throw new PolicyViolation(
      `rule ${raw.rulePriority}: Berth has no archive storage class, so transition actions, storageClass archive and countType sinceImageTransitioned are not supported.`,
    );
  }
  return {
    rulePriority: raw.rulePriority,
    ...(raw.description !== undefined && { description: raw.description }),
    selection: toSelection(raw.selection),
    count: toCount(raw.selection),
    action: 'expire',
  };
}

function toSelection(raw: RawSelection): TagSelection {
  const { tagPrefixList, tagPatternList } = raw;
  if (raw.tagStatus !== 'tagged') {
    if (tagPrefixList || tagPatternList) throw new PolicyViolation('tagPrefixList and tagPatternList can only be used when tagStatus=TAGGED.');
    return { tagStatus: raw.tagStatus };
  }
  if (tagPrefixList && tagPatternList) throw new PolicyViolation('A rule can specify tagPrefixList or tagPatternList, not both.');
  if (tagPrefixList) return { tagStatus: 'tagged', tagPrefixList };
  if (!tagPatternList) throw new PolicyViolation('Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.');
  const crowded = tagPatternList.find((pattern) => wildcardCount(pattern) > maxWildcardsPerPattern);
  if (crowded !== undefined) {
    throw new PolicyViolation(`tagPatternList entry '${crowded}' has ${wildcardCount(crowded)} wildcards; at most ${maxWildcardsPerPattern} are allowed per pattern.`);
  }
  return { tagStatus: 'tagged', tagPatternList };
}

function toCount(raw: RawSelection): CountCriterion {
  switch (raw.countType) {
    case 'imageCountMoreThan':
      return { countType: 'imageCountMoreThan', countNumber: raw.countNumber };
    case 'sinceImagePushed':
    case 'sinceImagePulled':
      return { countType: raw.countType, countUnit: 'days', countNumber: raw.countNumber };
    case 'sinceImageTransitioned':
      throw new Error('unreachable: archive rules are refused before');
  }
}

function checkAcrossRules(rules: LifecycleRule[]): void {
  for (let i = 1; i < rules.length; i++) {
    if (rules[i].rulePriority === rules[i - 1].rulePriority) {
      throw new PolicyViolation(`rulePriority ${rules[i].rulePriority} is used by more than one rule; every rule needs a unique rulePriority.`);
    }
  }
  // Sorted by priority: an `any` rule anywhere but last has a rule evaluated after it.
  if (rules.slice(0, -1).some((rule) => rule.selection.tagStatus === 'any')) {
    throw new PolicyViolation('Rule for tagStatus=ANY must have the lowest priority per storage class');
  }
  if (rules.filter((rule) => rule.selection.tagStatus === 'untagged').length > 1) {
    throw new PolicyViolation('Only one rule can select Untagged images per storage class.');
  }
  const seen = new Map<string, number>();
  for (const rule of rules) {
    const key = tagListKey(rule.selection);
    if (key === undefined) continue;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new PolicyViolation(
        `rules ${earlier} and ${rule.rulePriority} select the same tags; the set of rules must contain a unique set of tag prefixes and patterns.`,
      );
    }
    seen.set(key, rule.rulePriority);
  }
}

/** The same prefixes (or patterns) in any order and multiplicity select the same images. */
function tagListKey(selection: TagSelection): string | undefined {
  if (selection.tagStatus !== 'tagged') return undefined;
  const [kind, entries] = 'tagPrefixList' in selection ? ['prefix', selection.tagPrefixList] : ['pattern', selection.tagPatternList];
  return JSON.stringify([kind, [...new Set(entries)].sort()]);
}
