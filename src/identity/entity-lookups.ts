// Finding a named user or group the way every IAM operation does: the name checked against the API's
// constraints, found whatever its case, else NoSuchEntity in IAM's words.
import { IdentityError } from './identity-error.js';
import { checkValue } from './iam-names.js';
import type { IdentityStore, UserRecord } from './identity-store.js';
import type { GroupRecord, PermissionsStore } from './permissions-store.js';

export async function requireUser(identities: IdentityStore, accountId: string, userName: string): Promise<UserRecord> {
  checkValue(userName, 'existingUserName', 'userName');
  const user = await identities.findUser(accountId, userName);
  if (!user) throw new IdentityError('user-not-found', `The user with name ${userName} cannot be found.`);
  return user;
}

export async function requireGroup(permissions: PermissionsStore, accountId: string, groupName: string): Promise<GroupRecord> {
  checkValue(groupName, 'groupName', 'groupName');
  const group = await permissions.findGroup(accountId, groupName);
  if (!group) throw new IdentityError('group-not-found', `The group with name ${groupName} cannot be found.`);
  return group;
}
