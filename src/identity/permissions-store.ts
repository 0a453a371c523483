// The permissions port: IAM groups and their members, inline policies of users and groups, customer
// managed policies and their attachments. Implemented over the metadata database beside the identity
// port (metadata/kysely-permissions-store.ts). Names are found whatever their case and keep the
// spelling they were created with; every method taking a user or group name expects that spelling
// (the one a find returned), except the find methods themselves.
import type { IamTag } from './iam-names.js';
import type { UserRecord } from './identity-store.js';

export interface GroupRecord {
  accountId: string;
  groupName: string;
  groupId: string;
  path: string;
  createdAt: number;
}

/** Whose inline policies or attachments: a user or a group of an account, by its stored name. */
export interface PolicyOwner {
  kind: 'user' | 'group';
  accountId: string;
  name: string;
}

export interface InlinePolicyRecord {
  owner: PolicyOwner;
  policyName: string;
  document: string;
  /** Characters other than whitespace, what IAM's size quotas count. */
  sizeChars: number;
  updatedAt: number;
}

export interface ManagedPolicyRecord {
  accountId: string;
  policyName: string;
  policyId: string;
  path: string;
  description?: string;
  /** The document of the default version. */
  document: string;
  defaultVersionId: string;
  tags: IamTag[];
  createdAt: number;
  updatedAt: number;
}

export interface ManagedPolicyWithCount extends ManagedPolicyRecord {
  /** Users and groups it is attached to. */
  attachmentCount: number;
}

/** One policy document that applies to a user, and where it comes from. */
export type IdentityPolicyDocument =
  | { source: 'user-inline'; policyName: string; document: string }
  | { source: 'user-managed'; policyName: string; policyPath: string; document: string }
  | { source: 'group-inline'; groupName: string; policyName: string; document: string }
  | { source: 'group-managed'; groupName: string; policyName: string; policyPath: string; document: string };

export interface PermissionsStore {
  /** Refuses a name taken in the account whatever its case. */
  createGroup(group: GroupRecord): Promise<void>;
  findGroup(accountId: string, groupName: string): Promise<GroupRecord | undefined>;
  /** Adding a member twice changes nothing. */
  addGroupMember(accountId: string, groupName: string, userName: string, addedAt: number): Promise<void>;
  removeGroupMember(accountId: string, groupName: string, userName: string): Promise<boolean>;
  /** Members in byte order of names. */
  listGroupMembers(accountId: string, groupName: string): Promise<UserRecord[]>;
  /** Groups in byte order of names. */
  listGroupsOfUser(accountId: string, userName: string): Promise<GroupRecord[]>;

  /** Creates the policy, or replaces the document of the owner's policy of that name (whatever its case). */
  putInlinePolicy(policy: InlinePolicyRecord): Promise<void>;
  findInlinePolicy(owner: PolicyOwner, policyName: string): Promise<InlinePolicyRecord | undefined>;
  /** In byte order of names. */
  listInlinePolicies(owner: PolicyOwner): Promise<InlinePolicyRecord[]>;
  deleteInlinePolicy(owner: PolicyOwner, policyName: string): Promise<boolean>;

  /** Refuses a name taken in the account whatever its case. */
  createManagedPolicy(policy: ManagedPolicyRecord): Promise<void>;
  findManagedPolicy(accountId: string, policyName: string): Promise<ManagedPolicyWithCount | undefined>;
  /** Attaching twice changes nothing. */
  attachPolicy(owner: PolicyOwner, policyName: string, attachedAt: number): Promise<void>;
  detachPolicy(owner: PolicyOwner, policyName: string): Promise<boolean>;
  /** In byte order of policy names. */
  listAttachedPolicies(owner: PolicyOwner): Promise<ManagedPolicyRecord[]>;

  /**
   * Every policy document that applies to the user: its inline policies, the managed policies
   * attached to it, and the inline and attached policies of each of its groups. Order: user inline,
   * user managed, then per group (by name) inline and managed, each by policy name.
   */
  identityPolicyDocuments(accountId: string, userName: string): Promise<IdentityPolicyDocument[]>;
}
