// Which images of a repository a lifecycle policy expires, and by which rule: ECR's evaluation rules
// (LifecyclePolicies.md "Lifecycle policy evaluation rules"; ecr-behaviour.md §4.2), as the
// documented examples (lifecycle_policy_examples.md) resolve them:
// - Every rule sees every image its selection matches, expired by another rule or not, and counts it.
// - An image belongs to the first rule, by rulePriority, whose tag selection it matches; only that
//   rule may expire it ("an image that matches the tagging requirements of a rule cannot be expired
//   by a rule with a lower priority"). So an image is expired by exactly one rule or none, and the
//   rule reported for it (appliedRulePriority) is that first rule.
// - Images are ordered by push time: imageCountMoreThan keeps the `countNumber` most recently pushed
//   of the images it sees and expires the rest; since* expire images older than `countNumber` days
//   (strictly older: an image pushed exactly N days ago stays). Equal push times are ordered by digest.
// Berth's decisions where ECR's documentation is silent (docs/lifecycle.md "Decisions"):
// - Manifests an index lists (multi-arch children) are images like any other and are counted, but an
//   image listed by an index that stays is never expired: deleting it would break the index (ECR
//   refuses such a delete with ImageReferencedByManifestList). Protection follows nested indexes down.
//   When the index itself expires, its children are judged by the rules like any other image.
// - Referrers (signatures, SBOMs: manifests with a subject) are images like any other as well.
// Pure, and linear in images × rules after one sort: 100,000 images take a fifth of a second
// (docs/benchmarks.md).
import { dayMs, type LifecyclePolicy, type LifecycleRule } from './lifecycle-policy.js';
import { tagMatcher } from './tag-matching.js';

/** What the evaluation needs to know about an image. */
export interface LifecycleImage {
  digest: string;
  tags: readonly string[];
  pushedAt: number;
  /** ECR's lastRecordedPullTime; absent when never pulled. */
  lastPulledAt?: number;
  /** Digests of the manifests this image lists (an index's children). */
  children?: readonly string[];
}

export interface Expiration {
  digest: string;
  /** The rule that expires the image. */
  rulePriority: number;
}

export interface LifecycleEvaluation {
  /** In an order deletes can follow: every index before the manifests it lists. */
  expiring: Expiration[];
  /** Images a rule would expire but an index that stays still lists. */
  protectedByIndex: string[];
}

export function evaluateLifecyclePolicy(policy: LifecyclePolicy, images: readonly LifecycleImage[], now: number): LifecycleEvaluation {
  const youngestFirst = Array.from(images.keys()).sort(
    (a, b) => images[b].pushedAt - images[a].pushedAt || compareText(images[a].digest, images[b].digest),
  );
  const ownerOf = new Int32Array(images.length).fill(-1);
  const expiredBy = new Int32Array(images.length).fill(-1);
  policy.rules.forEach((rule, ruleIndex) => {
    const selects = tagMatcher(rule.selection);
    const marks = countCriterion(rule, now);
    let seen = 0;
    for (const index of youngestFirst) {
      const image = images[index];
      if (!selects(image.tags)) continue;
      seen++;
      if (ownerOf[index] === -1) ownerOf[index] = ruleIndex;
      if (ownerOf[index] === ruleIndex && marks(image, seen)) expiredBy[index] = ruleIndex;
    }
  });
  // Only indexes constrain what may expire and in which order; without any, none of this is needed.
  const indexOf = images.some((image) => image.children?.length) ? digestIndex(images) : undefined;
  const protectedByIndex = indexOf ? protectChildrenOfKeptIndexes(images, expiredBy, indexOf) : [];
  const expiring = deletionOrder(images, expiredBy, youngestFirst, indexOf).map((index) => ({
    digest: images[index].digest,
    rulePriority: policy.rules[expiredBy[index]].rulePriority,
  }));
  return { expiring, protectedByIndex };
}

/** Whether the rule expires an image, given its rank (1 = youngest) among the images the rule sees. */
function countCriterion(rule: LifecycleRule, now: number): (image: LifecycleImage, rank: number) => boolean {
  const count = rule.count;
  switch (count.countType) {
    case 'imageCountMoreThan':
      return (_image, rank) => rank > count.countNumber;
    case 'sinceImagePushed': {
      const before = now - count.countNumber * dayMs;
      return (image) => image.pushedAt < before;
    }
    case 'sinceImagePulled': {
      const before = now - count.countNumber * dayMs;
      return (image) => (image.lastPulledAt ?? image.pushedAt) < before;
    }
  }
}

/** Un-expires every image a kept image lists, down through nested indexes; returns their digests. */
function protectChildrenOfKeptIndexes(images: readonly LifecycleImage[], expiredBy: Int32Array, indexOf: Map<string, number>): string[] {
  const pending: number[] = [];
  images.forEach((image, index) => {
    if (expiredBy[index] === -1 && image.children?.length) pending.push(index);
  });
  const protectedDigests: string[] = [];
  while (pending.length > 0) {
    for (const child of images[pending.pop()!].children ?? []) {
      const childIndex = indexOf.get(child);
      if (childIndex === undefined || expiredBy[childIndex] === -1) continue;
      expiredBy[childIndex] = -1;
      protectedDigests.push(child);
      pending.push(childIndex);
    }
  }
  return protectedDigests;
}

/**
 * Expired images oldest first (the reverse of the rules' ranking), except that every index comes
 * before the manifests it lists: Kahn's algorithm over the expiring part of the reference graph.
 */
function deletionOrder(images: readonly LifecycleImage[], expiredBy: Int32Array, youngestFirst: readonly number[], indexOf?: Map<string, number>): number[] {
  const oldestFirst: number[] = [];
  for (let at = youngestFirst.length - 1; at >= 0; at--) if (expiredBy[youngestFirst[at]] !== -1) oldestFirst.push(youngestFirst[at]);
  if (!indexOf) return oldestFirst;
  /** Each expiring image's expiring children, once each (an index may list a digest twice). */
  const expiringChildren = (index: number): readonly number[] => {
    const children = images[index].children;
    if (!children?.length) return noChildren;
    return children
      .filter((child, position) => children.indexOf(child) === position)
      .map((child) => indexOf.get(child))
      .filter((childIndex): childIndex is number => childIndex !== undefined && expiredBy[childIndex] !== -1);
  };
  const parents = new Int32Array(images.length);
  for (const index of oldestFirst) for (const child of expiringChildren(index)) parents[child]++;
  const order = oldestFirst.filter((index) => parents[index] === 0);
  for (let next = 0; next < order.length; next++) {
    for (const child of expiringChildren(order[next])) if (--parents[child] === 0) order.push(child);
  }
  return order;
}

const noChildren: readonly number[] = [];

function digestIndex(images: readonly LifecycleImage[]): Map<string, number> {
  const indexOf = new Map<string, number>();
  for (let index = 0; index < images.length; index++) indexOf.set(images[index].digest, index);
  return indexOf;
}

/** Code-unit order, as digests are compared everywhere else. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
