// What the enforcement points ask and what they are told. Both HTTP surfaces build an
// AccessRequest per call (the IAM action of the operation, the repository ARN, the request's
// context keys) and ask evaluateAccess with the policies that apply.
import type { PolicyDocument } from './policy-document.js';

export type ContextValue = string | string[] | boolean | number | undefined;

export interface RequestPrincipal {
  /** The caller's account (empty for anonymous callers and AWS services). */
  accountId: string;
  /** `arn:aws:iam::<account>:root` or `arn:aws:iam::<account>:user/<path><name>`. */
  arn: string;
  /** The IAM user's name: the value of aws:username and `${aws:username}`. */
  userName?: string;
  /** The IAM user's unique id (`AIDA…`), the value of aws:userid; the account id for root. */
  userId?: string;
  /** The account's root user: allowed everything in its own account unless a resource policy denies. */
  isRoot: boolean;
  /** No credentials: only a resource policy with Principal "*" can grant anything. */
  anonymous?: boolean;
  /** An AWS service principal such as `codebuild.amazonaws.com`, matched by {"Service": …}. */
  service?: string;
}

export interface AccessRequest {
  principal: RequestPrincipal;
  /** The IAM action, e.g. `ecr:BatchGetImage`. */
  action: string;
  /** The resource ARN, e.g. `arn:aws:ecr:us-east-1:123456789012:repository/app`, or `*`. */
  resource: string;
  /** The account that owns the resource (and so its repository and registry policies). */
  resourceAccountId: string;
  /**
   * Request context keys, names as AWS spells them (matched case-insensitively): aws:SourceIp,
   * aws:SecureTransport, aws:CurrentTime, aws:SourceArn, aws:SourceAccount, ecr:ResourceTag/<k>,
   * aws:RequestTag/<k>, aws:TagKeys … The principal keys (aws:PrincipalAccount, aws:PrincipalArn,
   * aws:username, aws:userid, aws:PrincipalType) are derived from `principal` and cannot be
   * overridden here; aws:CurrentTime and aws:EpochTime default to the time of evaluation.
   */
  context: Record<string, ContextValue>;
}

/** ECR's registry policy scope (account setting REGISTRY_POLICY_SCOPE); V2 is the default. */
export type RegistryPolicyScope = 'V1' | 'V2';

/** The only actions a registry policy governs under scope V1 (ECR User Guide, "Private registry permissions"). */
export const REGISTRY_V1_ACTIONS: readonly string[] = [
  'ecr:ReplicateImage',
  'ecr:BatchImportUpstreamImage',
  'ecr:CreateRepository',
];

export interface ApplicablePolicies {
  /** Every policy attached to the caller: inline, managed, and those of its groups. */
  identityPolicies: PolicyDocument[];
  /** The repository's policy. */
  resourcePolicy?: PolicyDocument;
  /** The registry policy of the resource's account. */
  registryPolicy?: PolicyDocument;
  /** Under V1 the registry policy only governs replication, pull-through import and create. */
  registryPolicyScope?: RegistryPolicyScope;
}

export type PolicySource = 'identity' | 'repository' | 'registry';

export interface AccessDecision {
  allowed: boolean;
  reason: 'explicit-deny' | 'allowed' | 'implicit-deny';
  /** The statement that decided: its Sid, or `Statement[<index>]` when it has none. */
  matchedStatement?: string;
  /** Which policy that statement belongs to. */
  matchedPolicy?: PolicySource;
}
