// What users may do, as IAM records it: inline policies of users and groups, customer managed
// policies and their attachments, groups and their members (group-service.ts manages those), and the
// one query enforcement needs: every policy document that applies to a principal. Documents are
// checked when written, by the injected PolicyValidator (the policy engine's parser), and held to
// IAM's size quotas, which count characters other than whitespace (IAM User Guide, "IAM and AWS STS
// quotas"): a user's inline policies together 2,048, a group's 5,120, a managed policy 6,144.
// Quotas are checked before the write, not under a lock: two concurrent writes may pass one by one.
import { newPolicyId } from './access-key.js';
import { requireGroup, requireUser } from './entity-lookups.js';
import { IdentityError } from './identity-error.js';
import { parsePolicyArn } from './iam-arns.js';
import { checkTags, checkValue, type IamTag } from './iam-names.js';
import type { IdentityStore } from './identity-store.js';
import type {
  IdentityPolicyDocument,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  ManagedPolicyWithCount,
  PermissionsStore,
  PolicyOwner,
} from './permissions-store.js';
import type { PolicyValidator } from './policy-validator.js';
import type { Principal } from './principal.js';

export const policySizeQuotas = { user: 2_048, group: 5_120, managed: 6_144 } as const;
/** IAM's quotas PoliciesPerUser and PoliciesPerGroup (managed policies attached). */
export const maxAttachedPolicies = 10;

/** What enforcement needs about a principal: a root may do anything in its account; a user what its policies allow. */
export type IdentityPolicies = { kind: 'root'; accountId: string } | { kind: 'user'; accountId: string; documents: IdentityPolicyDocument[] };

export interface NewManagedPolicy {
  policyName: string;
  path?: string;
  description?: string;
  document: string;
  tags?: IamTag[];
}

/** Characters that count against IAM's policy size quotas. */
export function policySizeChars(document: string): number {
  return document.replace(/\s/g, '').length;
}

export class PermissionsService {
  constructor(
    private readonly options: {
      identities: IdentityStore;
      permissions: PermissionsStore;
      validatePolicy: PolicyValidator;
      now?: () => number;
    },
  ) {}

  private get store(): PermissionsStore {
    return this.options.permissions;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Creates the user's inline policy or replaces its document. */
  async putUserPolicy(accountId: string, userName: string, policyName: string, document: string): Promise<void> {
    const owner: PolicyOwner = { kind: 'user', accountId, name: (await this.user(accountId, userName)).userName };
    await this.putInlinePolicy(owner, policyName, document);
  }

  async putGroupPolicy(accountId: string, groupName: string, policyName: string, document: string): Promise<void> {
    const owner: PolicyOwner = { kind: 'group', accountId, name: (await this.group(accountId, groupName)).groupName };
    await this.putInlinePolicy(owner, policyName, document);
  }

  async getUserPolicy(accountId: string, userName: string, policyName: string): Promise<InlinePolicyRecord> {
    checkValue(policyName, 'policyName', 'policyName');
    const owner: PolicyOwner = { kind: 'user', accountId, name: (await this.user(accountId, userName)).userName };
    const policy = await this.store.findInlinePolicy(owner, policyName);
    if (!policy) throw new IdentityError('inline-policy-not-found', `The user policy with name ${policyName} cannot be found.`);
    return policy;
  }

  /** Names of the user's inline policies, in byte order. */
  async listUserPolicies(accountId: string, userName: string): Promise<string[]> {
    const owner: PolicyOwner = { kind: 'user', accountId, name: (await this.user(accountId, userName)).userName };
    return (await this.store.listInlinePolicies(owner)).map((policy) => policy.policyName);
  }

  async deleteUserPolicy(accountId: string, userName: string, policyName: string): Promise<void> {
    const policy = await this.getUserPolicy(accountId, userName, policyName);
    await this.store.deleteInlinePolicy(policy.owner, policy.policyName);
  }

  async createPolicy(accountId: string, input: NewManagedPolicy): Promise<ManagedPolicyRecord> {
    checkValue(input.policyName, 'policyName', 'policyName');
    if (input.path !== undefined) checkValue(input.path, 'policyPath', 'path');
    if (input.description !== undefined) checkValue(input.description, 'policyDescription', 'description');
    checkTags(input.tags ?? []);
    // IAM checks the size first: an oversized document is LimitExceeded whatever else is wrong with it.
    if (policySizeChars(input.document) > policySizeQuotas.managed) {
      throw new IdentityError('limit-exceeded', `Cannot exceed quota for PolicySize: ${policySizeQuotas.managed}`);
    }
    this.checkDocument(input.document);
    if (await this.store.findManagedPolicy(accountId, input.policyName)) {
      throw new IdentityError('policy-exists', `A policy called ${input.policyName} already exists. Duplicate names are not allowed.`);
    }
    const now = this.now();
    const policy: ManagedPolicyRecord = {
      accountId,
      policyName: input.policyName,
      policyId: newPolicyId(),
      path: input.path ?? '/',
      ...(input.description !== undefined && { description: input.description }),
      document: input.document,
      defaultVersionId: 'v1',
      tags: input.tags ?? [],
      createdAt: now,
      updatedAt: now,
    };
    await this.store.createManagedPolicy(policy);
    return policy;
  }

  /** A managed policy of the account by ARN, with its attachment count. */
  async getPolicy(accountId: string, arn: string): Promise<ManagedPolicyWithCount> {
    const policy = await this.findPolicy(accountId, arn);
    if (!policy) throw new IdentityError('policy-not-found', `Policy ${arn} was not found.`);
    return policy;
  }

  async attachUserPolicy(accountId: string, userName: string, arn: string): Promise<void> {
    await this.attach({ kind: 'user', accountId, name: (await this.user(accountId, userName)).userName }, arn);
  }

  async attachGroupPolicy(accountId: string, groupName: string, arn: string): Promise<void> {
    await this.attach({ kind: 'group', accountId, name: (await this.group(accountId, groupName)).groupName }, arn);
  }

  async detachUserPolicy(accountId: string, userName: string, arn: string): Promise<void> {
    const owner: PolicyOwner = { kind: 'user', accountId, name: (await this.user(accountId, userName)).userName };
    const policy = await this.findPolicy(accountId, arn);
    if (!policy || !(await this.store.detachPolicy(owner, policy.policyName))) {
      throw new IdentityError('policy-not-found', `Policy ${arn} was not found.`);
    }
  }

  /** Managed policies attached to the user, by name; those whose path starts with `pathPrefix` when given. */
  async listAttachedUserPolicies(accountId: string, userName: string, pathPrefix?: string): Promise<ManagedPolicyRecord[]> {
    if (pathPrefix !== undefined) checkValue(pathPrefix, 'policyPath', 'pathPrefix');
    const owner: PolicyOwner = { kind: 'user', accountId, name: (await this.user(accountId, userName)).userName };
    const attached = await this.store.listAttachedPolicies(owner);
    return pathPrefix === undefined ? attached : attached.filter((policy) => policy.path.startsWith(pathPrefix));
  }

  /**
   * Every identity policy document that applies to the principal, for enforcement: a root needs
   * none (it may do anything in its own account); a user has its inline policies, the managed
   * policies attached to it, and the inline and attached policies of each of its groups.
   */
  async identityPoliciesOf(principal: Principal): Promise<IdentityPolicies> {
    if (principal.kind === 'root') return { kind: 'root', accountId: principal.accountId };
    return { kind: 'user', accountId: principal.accountId, documents: await this.store.identityPolicyDocuments(principal.accountId, principal.userName) };
  }

  private async putInlinePolicy(owner: PolicyOwner, policyName: string, document: string): Promise<void> {
    checkValue(policyName, 'policyName', 'policyName');
    this.checkDocument(document);
    const sizeChars = policySizeChars(document);
    const others = (await this.store.listInlinePolicies(owner)).filter((policy) => policy.policyName.toLowerCase() !== policyName.toLowerCase());
    const quota = policySizeQuotas[owner.kind];
    if (others.reduce((total, policy) => total + policy.sizeChars, sizeChars) > quota) {
      throw new IdentityError('limit-exceeded', `Maximum policy size of ${quota} bytes exceeded for ${owner.kind} ${owner.name}`);
    }
    await this.store.putInlinePolicy({ owner, policyName, document, sizeChars, updatedAt: this.now() });
  }

  private async attach(owner: PolicyOwner, arn: string): Promise<void> {
    const policy = await this.findPolicy(owner.accountId, arn);
    if (!policy) throw new IdentityError('policy-not-found', `Policy ${arn} does not exist or is not attachable.`);
    const attached = await this.store.listAttachedPolicies(owner);
    if (attached.some((existing) => existing.policyName === policy.policyName)) return;
    if (attached.length >= maxAttachedPolicies) {
      throw new IdentityError('limit-exceeded', `Cannot exceed quota for ${owner.kind === 'user' ? 'PoliciesPerUser' : 'PoliciesPerGroup'}: ${maxAttachedPolicies}`);
    }
    await this.store.attachPolicy(owner, policy.policyName, this.now());
  }

  /** The account's managed policy an ARN names (path and name must both match), or undefined. */
  private async findPolicy(accountId: string, arn: string): Promise<ManagedPolicyWithCount | undefined> {
    const parsed = parsePolicyArn(arn);
    if (!parsed) throw new IdentityError('invalid-input', `ARN ${arn} is not valid.`);
    if (parsed.accountId !== accountId) return undefined;
    const policy = await this.store.findManagedPolicy(accountId, parsed.policyName);
    return policy?.path === parsed.path ? policy : undefined;
  }

  /** The document's text meets the API's constraints and the validator accepts it. */
  private checkDocument(document: string): void {
    checkValue(document, 'policyDocument', 'policyDocument');
    try {
      this.options.validatePolicy(document);
    } catch (error) {
      const reason = error instanceof Error && error.message !== '' ? error.message : 'Syntax errors in policy.';
      throw new IdentityError('policy-malformed', reason);
    }
  }

  private user(accountId: string, userName: string) {
    return requireUser(this.options.identities, accountId, userName);
  }

  private group(accountId: string, groupName: string) {
    return requireGroup(this.store, accountId, groupName);
  }
}
