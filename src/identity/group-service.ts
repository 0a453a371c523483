// IAM groups: creating them and managing their members. A group's policies (inline and attached) are
// the permissions service's; they apply to every member.
import { newGroupId } from './access-key.js';
import { requireGroup, requireUser } from './entity-lookups.js';
import { IdentityError } from './identity-error.js';
import { checkValue } from './iam-names.js';
import type { IdentityStore, UserRecord } from './identity-store.js';
import type { GroupRecord, PermissionsStore } from './permissions-store.js';

/** IAM's quota GroupsPerUser. */
export const maxGroupsPerUser = 10;

export class GroupService {
  constructor(
    private readonly identities: IdentityStore,
    private readonly permissions: PermissionsStore,
    private readonly now: () => number = Date.now,
  ) {}

  async createGroup(accountId: string, groupName: string, options: { path?: string } = {}): Promise<GroupRecord> {
    checkValue(groupName, 'groupName', 'groupName');
    if (options.path !== undefined) checkValue(options.path, 'path', 'path');
    if (await this.permissions.findGroup(accountId, groupName)) {
      throw new IdentityError('group-exists', `Group with name ${groupName} already exists.`);
    }
    const group: GroupRecord = { accountId, groupName, groupId: newGroupId(), path: options.path ?? '/', createdAt: this.now() };
    await this.permissions.createGroup(group);
    return group;
  }

  /** The group and its members, by name. */
  async getGroup(accountId: string, groupName: string): Promise<{ group: GroupRecord; users: UserRecord[] }> {
    const group = await requireGroup(this.permissions, accountId, groupName);
    return { group, users: await this.permissions.listGroupMembers(accountId, group.groupName) };
  }

  /** Adding a member twice changes nothing, as in IAM. */
  async addUserToGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    const group = await requireGroup(this.permissions, accountId, groupName);
    const user = await requireUser(this.identities, accountId, userName);
    const groups = await this.permissions.listGroupsOfUser(accountId, user.userName);
    if (groups.some((existing) => existing.groupName === group.groupName)) return;
    if (groups.length >= maxGroupsPerUser) throw new IdentityError('limit-exceeded', `Cannot exceed quota for GroupsPerUser: ${maxGroupsPerUser}`);
    await this.permissions.addGroupMember(accountId, group.groupName, user.userName, this.now());
  }

  async removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    const group = await requireGroup(this.permissions, accountId, groupName);
    const user = await requireUser(this.identities, accountId, userName);
    if (!(await this.permissions.removeGroupMember(accountId, group.groupName, user.userName))) {
      throw new IdentityError('user-not-found', `The user with name ${userName} cannot be found in group ${group.groupName}.`);
    }
  }

  async listGroupsForUser(accountId: string, userName: string): Promise<GroupRecord[]> {
    const user = await requireUser(this.identities, accountId, userName);
    return this.permissions.listGroupsOfUser(accountId, user.userName);
  }
}
