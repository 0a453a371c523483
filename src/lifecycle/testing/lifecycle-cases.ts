// The table of lifecycle cases: a repository (images with tags, push and pull ages, the manifests an
// index lists), a policy in ECR's grammar, and the images it must expire with the rule that expires
// each. The first eight are the examples of ECR's user guide (lifecycle_policy_examples.md), with the
// outcome the guide states; the rest pin down each evaluation rule of LifecyclePolicies.md and each
// decision docs/lifecycle.md records. The engine's unit test and the preview-versus-run test
// (test/lifecycle/) both run every case. As in a repository, a tag names one image of a case.
import { createHash } from 'node:crypto';
import type { LifecycleImage } from '../evaluate-lifecycle-policy.js';
import { dayMs } from '../lifecycle-policy.js';

export interface CaseImage {
  name: string;
  tags?: string[];
  /** Fractions allowed: 1 / 24 is an hour. */
  pushedDaysAgo: number;
  pulledDaysAgo?: number;
  /** Names of the images this one lists: it is an index. */
  lists?: string[];
  /** Name of the image this one refers to (an OCI referrer: signature, SBOM). */
  subject?: string;
}

export interface LifecycleCase {
  name: string;
  images: CaseImage[];
  /** The `rules` of the policy, as a user writes them. */
  rules: Record<string, unknown>[];
  /** Image name → rulePriority of the rule that expires it; every other image stays. */
  expired: Record<string, number>;
}

const rule = (rulePriority: number, selection: Record<string, unknown>) => ({
  rulePriority,
  description: `Rule ${rulePriority}`,
  selection,
  action: { type: 'expire' },
});
const prefixes = (...tagPrefixList: string[]) => ({ tagStatus: 'tagged', tagPrefixList });
const patterns = (...tagPatternList: string[]) => ({ tagStatus: 'tagged', tagPatternList });
const untagged = { tagStatus: 'untagged' };
const any = { tagStatus: 'any' };
const keep = (countNumber: number) => ({ countType: 'imageCountMoreThan', countNumber });
const olderThan = (countNumber: number) => ({ countType: 'sinceImagePushed', countUnit: 'days', countNumber });
const unpulledFor = (countNumber: number) => ({ countType: 'sinceImagePulled', countUnit: 'days', countNumber });
const image = (name: string, tags: string[], pushedDaysAgo: number, extra: Partial<CaseImage> = {}): CaseImage => ({ name, tags, pushedDaysAgo, ...extra });
const minute = 1 / 1440;

/** lifecycle_policy_examples.md "Filtering on multiple rules": the repository of examples A and B. */
const betaProd = [image('A', ['beta-1', 'prod-1'], 10), image('B', ['beta-2', 'prod-2'], 9), image('C', ['beta-3'], 8)];

export const lifecycleCases: LifecycleCase[] = [
  {
    name: 'guide, filtering on image age: untagged images older than 14 days',
    images: [image('U1', [], 20), image('U2', [], 10), image('T', ['v1'], 30)],
    rules: [rule(1, { ...untagged, ...olderThan(14) })],
    expired: { U1: 1 },
  },
  {
    name: 'guide, filtering on image count: keep only one untagged image',
    images: [image('U1', [], 3), image('U2', [], 2), image('U3', [], 1), image('T', ['prod'], 5)],
    rules: [rule(1, { ...untagged, ...keep(1) })],
    expired: { U1: 1, U2: 1 },
  },
  {
    name: 'guide, multiple rules, example A: prod keeps one, then beta keeps one',
    images: betaProd,
    rules: [rule(1, { ...prefixes('prod'), ...keep(1) }), rule(2, { ...prefixes('beta'), ...keep(1) })],
    expired: { A: 1 },
  },
  {
    name: 'guide, multiple rules, example B: beta keeps one, then prod keeps one',
    images: betaProd,
    rules: [rule(1, { ...prefixes('beta'), ...keep(1) }), rule(2, { ...prefixes('prod'), ...keep(1) })],
    expired: { A: 1, B: 1 },
  },
  {
    name: 'guide, multiple tags in one rule, example A: alpha and beta older than 5 days',
    images: [
      image('A', ['alpha-1'], 12),
      image('B', ['beta-1'], 11),
      image('C', ['alpha-2', 'beta-2'], 10),
      image('D', ['alpha-3'], 4),
      image('E', ['beta-3'], 3),
      image('F', ['alpha-4', 'beta-4'], 2),
    ],
    rules: [rule(1, { ...prefixes('alpha', 'beta'), ...olderThan(5) })],
    expired: { C: 1 },
  },
  {
    name: 'guide, multiple tags in one rule, example B: tags are not exclusive',
    images: [image('A', ['alpha-1', 'beta-1', 'gamma-1'], 10), image('B', ['alpha-2', 'beta-2'], 9), image('C', ['alpha-3', 'beta-3', 'gamma-2'], 8)],
    rules: [rule(1, { ...prefixes('alpha', 'beta'), ...keep(1) })],
    expired: { A: 1, B: 1 },
  },
  {
    name: 'guide, all images, example A: any keeps the newest one',
    images: [image('A', ['alpha-1'], 4), image('B', ['beta-1'], 3), image('C', [], 2), image('D', ['alpha-2'], 1)],
    rules: [rule(1, { ...any, ...keep(1) })],
    expired: { A: 1, B: 1, C: 1 },
  },
  {
    name: 'guide, all images, example B: tagged, untagged and any rules in one policy',
    images: [image('A', ['alpha-1', 'beta-1'], 4), image('B', [], 3), image('C', ['alpha-2'], 2), image('D', ['githash'], 1 + 10 * minute), image('E', [], 1)],
    rules: [rule(1, { ...prefixes('alpha'), ...keep(1) }), rule(2, { ...untagged, ...olderThan(1) }), rule(3, { ...any, ...keep(1) })],
    expired: { A: 1, B: 2, D: 3 },
  },
  {
    name: 'tagPatternList prod* selects prod, prod1, prod2 and keeps the newest',
    images: [image('P1', ['prod'], 5), image('P2', ['prod1'], 4), image('P3', ['prod2'], 3), image('X', ['dev'], 6)],
    rules: [rule(1, { ...patterns('prod*'), ...keep(1) })],
    expired: { P1: 1, P2: 1 },
  },
  {
    name: 'a pattern without a wildcard matches the whole tag only',
    images: [image('L', ['latest'], 10), image('M', ['latest-old'], 10.5)],
    rules: [rule(1, { ...patterns('latest'), ...olderThan(7) })],
    expired: { L: 1 },
  },
  {
    name: 'a prefix matches the beginning of a tag',
    images: [image('A', ['production'], 10), image('B', ['prod'], 9), image('C', ['pre-prod'], 11)],
    rules: [rule(1, { ...prefixes('prod'), ...olderThan(7) })],
    expired: { A: 1, B: 1 },
  },
  {
    name: 'the same word as a pattern matches only the tag itself',
    images: [image('A', ['production'], 10), image('B', ['prod'], 9), image('C', ['pre-prod'], 11)],
    rules: [rule(1, { ...patterns('prod'), ...olderThan(7) })],
    expired: { B: 1 },
  },
  {
    name: 'wildcards in the middle of a pattern',
    images: [image('A', ['v1.2-rc1'], 10), image('B', ['v1.2'], 10.2), image('C', ['v2-rc-final'], 9), image('D', ['rc-v1'], 8)],
    rules: [rule(1, { ...patterns('v*-rc*'), ...olderThan(1) })],
    expired: { A: 1, C: 1 },
  },
  {
    name: 'every pattern of the list must match one of the tags',
    images: [image('A', ['app-1', 'stable-1'], 10), image('B', ['app-2'], 9), image('C', ['stable-2'], 8)],
    rules: [rule(1, { ...patterns('app-*', 'stable*'), ...olderThan(1) })],
    expired: { A: 1 },
  },
  {
    name: 'the pattern * selects every tagged image and no untagged one',
    images: [image('A', ['x'], 3), image('B', [], 4), image('C', ['y'], 2)],
    rules: [rule(1, { ...patterns('*'), ...keep(1) })],
    expired: { A: 1 },
  },
  {
    name: 'four wildcards in one pattern',
    images: [image('A', ['a1b2c3'], 5), image('B', ['abc'], 4), image('C', ['cba'], 3)],
    rules: [rule(1, { ...patterns('*a*b*c*'), ...olderThan(1) })],
    expired: { A: 1, B: 1 },
  },
  {
    name: 'imageCountMoreThan above the number of images selected expires nothing',
    images: [image('U1', [], 3), image('U2', [], 2), image('U3', [], 1)],
    rules: [rule(1, { ...untagged, ...keep(5) })],
    expired: {},
  },
  {
    name: 'imageCountMoreThan equal to the number of images selected expires nothing',
    images: [image('A', ['v1'], 3), image('B', ['v2'], 2), image('C', ['v3'], 1)],
    rules: [rule(1, { ...prefixes('v'), ...keep(3) })],
    expired: {},
  },
  {
    name: 'sinceImagePushed: exactly N days old stays, a minute older goes',
    images: [image('A', ['v1'], 7), image('B', ['v2'], 7 + minute)],
    rules: [rule(1, { ...prefixes('v'), ...olderThan(7) })],
    expired: { B: 1 },
  },
  {
    name: 'sinceImagePushed: 23 hours old stays under a one-day rule, 25 hours old goes',
    images: [image('A', [], 23 / 24), image('B', [], 25 / 24)],
    rules: [rule(1, { ...untagged, ...olderThan(1) })],
    expired: { B: 1 },
  },
  {
    name: 'sinceImagePulled: an old image pulled recently stays',
    images: [image('A', ['v1'], 100, { pulledDaysAgo: 1 }), image('B', ['v2'], 100, { pulledDaysAgo: 40 }), image('C', ['v3'], 5)],
    rules: [rule(1, { ...prefixes('v'), ...unpulledFor(30) })],
    expired: { B: 1 },
  },
  {
    name: 'sinceImagePulled: an image never pulled counts from its push',
    images: [image('A', [], 40), image('B', [], 10)],
    rules: [rule(1, { ...untagged, ...unpulledFor(30) })],
    expired: { A: 1 },
  },
  {
    name: 'sinceImagePulled on any, after a rule that keeps every release',
    images: [image('R', ['release-1'], 90), image('X', ['build-1'], 90, { pulledDaysAgo: 60 }), image('Y', ['build-2'], 90, { pulledDaysAgo: 2 })],
    rules: [rule(1, { ...prefixes('release'), ...keep(1000) }), rule(2, { ...any, ...unpulledFor(30) })],
    expired: { X: 2 },
  },
  {
    name: 'rules that expire nothing protect what they select (a keep list before an any rule)',
    images: [image('L', ['live'], 50), image('T', ['test'], 40), image('B1', ['build-1'], 30), image('B2', ['build-2'], 20)],
    rules: [rule(1, { ...prefixes('live'), ...keep(9999) }), rule(2, { ...prefixes('test'), ...keep(9999) }), rule(3, { ...any, ...olderThan(10) })],
    expired: { B1: 3, B2: 3 },
  },
  {
    name: 'rules apply by rulePriority, not in the order they are written',
    images: betaProd,
    rules: [rule(2, { ...prefixes('beta'), ...keep(1) }), rule(1, { ...prefixes('prod'), ...keep(1) })],
    expired: { A: 1 },
  },
  {
    name: 'priorities need not be consecutive; the expiring rule is reported by its own priority',
    images: betaProd,
    rules: [rule(10, { ...prefixes('prod'), ...keep(1) }), rule(20, { ...prefixes('beta'), ...keep(1) })],
    expired: { A: 10 },
  },
  {
    name: 'an image a rule selects and keeps is safe from every later rule',
    images: [image('A', ['prod-1'], 10), image('B', ['prod-2'], 9), image('C', [], 1)],
    rules: [rule(1, { ...prefixes('prod'), ...keep(5) }), rule(2, { ...any, ...keep(1) })],
    expired: {},
  },
  {
    name: 'a later rule still counts the images an earlier rule owns',
    images: [image('A', ['prod-1'], 10), image('B', [], 9), image('C', ['prod-2'], 8), image('D', [], 7)],
    rules: [rule(1, { ...prefixes('prod'), ...keep(1) }), rule(2, { ...any, ...keep(2) })],
    expired: { A: 1, B: 2 },
  },
  {
    name: 'an untagged rule and an any rule together',
    images: [image('U1', [], 10), image('U2', [], 9), image('T1', ['a'], 8), image('T2', ['b'], 7)],
    rules: [rule(1, { ...untagged, ...keep(1) }), rule(2, { ...any, ...keep(3) })],
    expired: { U1: 1 },
  },
  {
    name: 'one tag may satisfy several prefixes of the list',
    images: [image('A', ['prod-api'], 10), image('B', ['prod'], 9)],
    rules: [rule(1, { ...prefixes('prod', 'prod-a'), ...olderThan(1) })],
    expired: { A: 1 },
  },
  {
    name: 'each prefix of the list may be matched by a different tag',
    images: [image('A', ['web-1', 'v1'], 10), image('B', ['web-2'], 9), image('C', ['v2'], 8)],
    rules: [rule(1, { ...prefixes('web', 'v'), ...olderThan(1) })],
    expired: { A: 1 },
  },
  {
    name: 'tag matching is case-sensitive',
    images: [image('A', ['Prod-1'], 10), image('B', ['prod-1'], 9)],
    rules: [rule(1, { ...prefixes('prod'), ...olderThan(1) })],
    expired: { B: 1 },
  },
  {
    name: 'overlapping prefixes: the more specific rule first',
    images: [image('A', ['v1.2.0'], 10), image('B', ['v1.2.1'], 9), image('C', ['v1.3.0'], 8), image('D', ['v1.3.1'], 7)],
    rules: [rule(1, { ...prefixes('v1.2'), ...keep(1) }), rule(2, { ...prefixes('v1'), ...keep(2) })],
    expired: { A: 1 },
  },
  {
    name: 'two disjoint tagged rules each keep their own count',
    images: [
      image('A', ['prod-1'], 6),
      image('B', ['prod-2'], 5),
      image('C', ['prod-3'], 4),
      image('D', ['dev-1'], 3),
      image('E', ['dev-2'], 2),
      image('F', ['dev-3'], 1),
    ],
    rules: [rule(1, { ...prefixes('prod'), ...keep(2) }), rule(2, { ...prefixes('dev'), ...keep(1) })],
    expired: { A: 1, D: 2, E: 2 },
  },
  {
    name: 'any with sinceImagePushed expires every old image, tagged or not',
    images: [image('A', ['x'], 40), image('B', [], 35), image('C', ['y'], 5)],
    rules: [rule(1, { ...any, ...olderThan(30) })],
    expired: { A: 1, B: 1 },
  },
  {
    name: 'a tagged rule that selects nothing expires nothing',
    images: [image('A', ['v1'], 40), image('B', [], 40)],
    rules: [rule(1, { ...prefixes('prod'), ...olderThan(1) })],
    expired: {},
  },
  {
    name: 'an empty repository',
    images: [],
    rules: [rule(1, { ...any, ...keep(1) })],
    expired: {},
  },
  {
    name: 'images are ranked by push time, not by tag name',
    images: [image('A', ['z'], 3), image('B', ['a'], 2), image('C', ['m'], 1)],
    rules: [rule(1, { ...any, ...keep(1) })],
    expired: { A: 1, B: 1 },
  },
  {
    name: 'a tagged keep rule first, then an untagged count rule',
    images: [image('T', ['v'], 10), image('U1', [], 4), image('U2', [], 3), image('U3', [], 2), image('U4', [], 1)],
    rules: [rule(1, { ...prefixes('v'), ...keep(5) }), rule(2, { ...untagged, ...keep(2) })],
    expired: { U1: 2, U2: 2 },
  },
  {
    name: 'multi-arch: the children of a kept index are not expired',
    images: [
      image('C1', [], 5 + minute),
      image('C2', [], 5 + 2 * minute),
      image('I', ['v1'], 5, { lists: ['C1', 'C2'] }),
      image('U', [], 10),
    ],
    rules: [rule(1, { ...untagged, ...olderThan(1) })],
    expired: { U: 1 },
  },
  {
    name: 'multi-arch: an expired index leaves its children to the rules, in the same run',
    images: [
      image('C1', [], 20 + minute),
      image('C2', [], 20 + 2 * minute),
      image('I', ['old-1'], 20, { lists: ['C1', 'C2'] }),
      image('D1', [], 2 + minute),
      image('J', ['old-2'], 2, { lists: ['D1'] }),
    ],
    rules: [rule(1, { ...prefixes('old'), ...keep(1) }), rule(2, { ...untagged, ...olderThan(7) })],
    expired: { I: 1, C1: 2, C2: 2 },
  },
  {
    name: 'multi-arch: an expired index whose children no rule selects leaves them in place',
    images: [image('C1', [], 20 + minute), image('I', ['v1'], 20, { lists: ['C1'] })],
    rules: [rule(1, { ...prefixes('v'), ...olderThan(7) })],
    expired: { I: 1 },
  },
  {
    name: 'multi-arch: a child shared by an expired index and a kept one stays',
    images: [image('C', [], 20 + minute), image('I1', ['a-1'], 20, { lists: ['C'] }), image('I2', ['a-2'], 10, { lists: ['C'] })],
    rules: [rule(1, { ...prefixes('a'), ...keep(1) }), rule(2, { ...untagged, ...olderThan(1) })],
    expired: { I1: 1 },
  },
  {
    name: 'multi-arch: protection goes down nested indexes',
    images: [image('L', [], 5 + 2 * minute), image('N', [], 5 + minute, { lists: ['L'] }), image('O', ['top'], 5, { lists: ['N'] })],
    rules: [rule(1, { ...untagged, ...olderThan(1) })],
    expired: {},
  },
  {
    name: 'multi-arch: an index children count as images for imageCountMoreThan',
    images: [
      image('OLD', ['v0'], 10),
      image('C1', [], 1 + minute),
      image('C2', [], 1 + 2 * minute),
      image('I', ['v1'], 1, { lists: ['C1', 'C2'] }),
    ],
    rules: [rule(1, { ...any, ...keep(1) })],
    expired: { OLD: 1 },
  },
  {
    name: 'a referrer (a signature) is an image like any other',
    images: [image('S', ['v1'], 10), image('SIG', [], 9, { subject: 'S' })],
    rules: [rule(1, { ...untagged, ...olderThan(1) })],
    expired: { SIG: 1 },
  },
  {
    name: 'sinceImagePulled keeps an image pulled since the limit even when pushed long ago (untagged)',
    images: [image('U1', [], 400, { pulledDaysAgo: 3 }), image('U2', [], 400, { pulledDaysAgo: 300 })],
    rules: [rule(1, { ...untagged, ...unpulledFor(90) })],
    expired: { U2: 1 },
  },
];

/** A stable, valid digest for a case image's name. */
export function caseDigest(name: string): string {
  return `sha256:${createHash('sha256').update(`lifecycle case image ${name}`).digest('hex')}`;
}

/** The case's images as the evaluator sees them, `now` being the evaluation time. */
export function caseImages(testCase: LifecycleCase, now: number): LifecycleImage[] {
  return testCase.images.map((entry) => ({
    digest: caseDigest(entry.name),
    tags: entry.tags ?? [],
    pushedAt: now - Math.round(entry.pushedDaysAgo * dayMs),
    ...(entry.pulledDaysAgo !== undefined && { lastPulledAt: now - Math.round(entry.pulledDaysAgo * dayMs) }),
    ...(entry.lists && { children: entry.lists.map(caseDigest) }),
  }));
}

export function casePolicyText(testCase: LifecycleCase): string {
  return JSON.stringify({ rules: testCase.rules });
}
