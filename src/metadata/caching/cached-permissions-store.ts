// The permissions port with the read cache in front of the one query every request of an IAM user
// makes: the identity policy documents that apply to it. Any write through here forgets every user
// of the account (before and after the write): a group's policy or membership, or a managed policy
// attached to many, changes what applies to users other than the one named. Other nodes hear of it
// through the cache invalidation bus; what the bus cannot carry (`berth admin`, another process
// without it) is seen within the cache's lifetime, as for every entry.
import type {
  GroupRecord,
  IdentityPolicyDocument,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  ManagedPolicyWithCount,
  PermissionsStore,
  PolicyOwner,
} from '../../identity/permissions-store.js';
import type { UserRecord } from '../../identity/identity-store.js';
import type { CacheInvalidationBus } from './cache-invalidation-bus.js';
import type { ReadCache } from './read-cache.js';

export class CachedPermissionsStore implements PermissionsStore {
  constructor(
    private readonly inner: PermissionsStore,
    private readonly cache: ReadCache,
    private readonly bus: CacheInvalidationBus,
  ) {}

  /** The cached form of identityPolicyDocuments: the texts alone, what enforcement needs. */
  identityPolicyTexts(accountId: string, userName: string): Promise<string[]> {
    return this.cache.identityPolicies(accountId, userName, async () =>
      (await this.inner.identityPolicyDocuments(accountId, userName)).map((policy) => policy.document),
    );
  }

  identityPolicyDocuments(accountId: string, userName: string): Promise<IdentityPolicyDocument[]> {
    return this.inner.identityPolicyDocuments(accountId, userName);
  }

  createGroup(group: GroupRecord): Promise<void> {
    return this.inner.createGroup(group);
  }

  findGroup(accountId: string, groupName: string): Promise<GroupRecord | undefined> {
    return this.inner.findGroup(accountId, groupName);
  }

  addGroupMember(accountId: string, groupName: string, userName: string, addedAt: number): Promise<void> {
    return this.forgetting(accountId, () => this.inner.addGroupMember(accountId, groupName, userName, addedAt));
  }

  removeGroupMember(accountId: string, groupName: string, userName: string): Promise<boolean> {
    return this.forgetting(accountId, () => this.inner.removeGroupMember(accountId, groupName, userName));
  }

  listGroupMembers(accountId: string, groupName: string): Promise<UserRecord[]> {
    return this.inner.listGroupMembers(accountId, groupName);
  }

  listGroupsOfUser(accountId: string, userName: string): Promise<GroupRecord[]> {
    return this.inner.listGroupsOfUser(accountId, userName);
  }

  putInlinePolicy(policy: InlinePolicyRecord): Promise<void> {
    return this.forgetting(policy.owner.accountId, () => this.inner.putInlinePolicy(policy));
  }

  findInlinePolicy(owner: PolicyOwner, policyName: string): Promise<InlinePolicyRecord | undefined> {
    return this.inner.findInlinePolicy(owner, policyName);
  }

  listInlinePolicies(owner: PolicyOwner): Promise<InlinePolicyRecord[]> {
    return this.inner.listInlinePolicies(owner);
  }

  deleteInlinePolicy(owner: PolicyOwner, policyName: string): Promise<boolean> {
    return this.forgetting(owner.accountId, () => this.inner.deleteInlinePolicy(owner, policyName));
  }

  createManagedPolicy(policy: ManagedPolicyRecord): Promise<void> {
    return this.inner.createManagedPolicy(policy);
  }

  findManagedPolicy(accountId: string, policyName: string): Promise<ManagedPolicyWithCount | undefined> {
    return this.inner.findManagedPolicy(accountId, policyName);
  }

  attachPolicy(owner: PolicyOwner, policyName: string, attachedAt: number): Promise<void> {
    return this.forgetting(owner.accountId, () => this.inner.attachPolicy(owner, policyName, attachedAt));
  }

  detachPolicy(owner: PolicyOwner, policyName: string): Promise<boolean> {
    return this.forgetting(owner.accountId, () => this.inner.detachPolicy(owner, policyName));
  }

  listAttachedPolicies(owner: PolicyOwner): Promise<ManagedPolicyRecord[]> {
    return this.inner.listAttachedPolicies(owner);
  }

  private async forgetting<T>(accountId: string, write: () => Promise<T>): Promise<T> {
    const change = [{ kind: 'identity-policies', accountId }] as const;
    this.cache.forget(change);
    try {
      return await write();
    } finally {
      this.cache.forget(change);
      await this.bus.publish(change);
    }
  }
}
