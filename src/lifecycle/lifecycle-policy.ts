// A lifecycle policy as Berth evaluates it: ECR's grammar (ecr-behaviour.md §4.1) once parsed and
// validated (parse-lifecycle-policy.ts). Selections and count criteria are discriminated unions, so
// the evaluator (evaluate-lifecycle-policy.ts) handles every kind exhaustively.

/** Which images a rule looks at, by their tags (ECR's `tagStatus` with its prefix or pattern list). */
export type TagSelection =
  | { tagStatus: 'any' }
  | { tagStatus: 'untagged' }
  /** Every prefix must begin at least one of the image's tags (AND across the list). */
  | { tagStatus: 'tagged'; tagPrefixList: readonly string[] }
  /** Every pattern (`*` = any run of characters, at most four) must match one whole tag. */
  | { tagStatus: 'tagged'; tagPatternList: readonly string[] };

/** Which of the selected images a rule expires. */
export type CountCriterion =
  /** All but the `countNumber` most recently pushed. */
  | { countType: 'imageCountMoreThan'; countNumber: number }
  /** Those pushed more than `countNumber` days ago. */
  | { countType: 'sinceImagePushed'; countUnit: 'days'; countNumber: number }
  /** Those not pulled for more than `countNumber` days (an image never pulled: since its push). */
  | { countType: 'sinceImagePulled'; countUnit: 'days'; countNumber: number };

export interface LifecycleRule {
  /** Unique within the policy; the lowest applies first. */
  rulePriority: number;
  description?: string;
  selection: TagSelection;
  count: CountCriterion;
  /** ECR's only action on the standard storage class (Berth has no archive class). */
  action: 'expire';
}

export interface LifecyclePolicy {
  /** Ordered by rulePriority, lowest first. */
  rules: readonly LifecycleRule[];
}

export const dayMs = 24 * 60 * 60 * 1000;
