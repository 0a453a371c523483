// Every IAM operation Berth serves, by action name: one file per operation.
import type { QueryOperation } from '../iam-context.js';
import { addUserToGroup } from './add-user-to-group-operation.js';
import { attachGroupPolicy } from './attach-group-policy-operation.js';
import { attachUserPolicy } from './attach-user-policy-operation.js';
import { createAccessKey } from './create-access-key-operation.js';
import { createGroup } from './create-group-operation.js';
import { createPolicy } from './create-policy-operation.js';
import { createUser } from './create-user-operation.js';
import { deleteAccessKey } from './delete-access-key-operation.js';
import { deleteUserPolicy } from './delete-user-policy-operation.js';
import { deleteUser } from './delete-user-operation.js';
import { detachUserPolicy } from './detach-user-policy-operation.js';
import { getGroup } from './get-group-operation.js';
import { getPolicy } from './get-policy-operation.js';
import { getUserPolicy } from './get-user-policy-operation.js';
import { getUser } from './get-user-operation.js';
import { listAccessKeys } from './list-access-keys-operation.js';
import { listAttachedUserPolicies } from './list-attached-user-policies-operation.js';
import { listGroupsForUser } from './list-groups-for-user-operation.js';
import { listUserPolicies } from './list-user-policies-operation.js';
import { listUsers } from './list-users-operation.js';
import { putGroupPolicy } from './put-group-policy-operation.js';
import { putUserPolicy } from './put-user-policy-operation.js';
import { removeUserFromGroup } from './remove-user-from-group-operation.js';
import { updateAccessKey } from './update-access-key-operation.js';

const users = [createUser, getUser, listUsers, deleteUser];
const accessKeys = [createAccessKey, listAccessKeys, updateAccessKey, deleteAccessKey];
const userPolicies = [putUserPolicy, getUserPolicy, listUserPolicies, deleteUserPolicy];
const managedPolicies = [createPolicy, getPolicy, attachUserPolicy, detachUserPolicy, listAttachedUserPolicies, attachGroupPolicy];
const groups = [createGroup, getGroup, addUserToGroup, removeUserFromGroup, listGroupsForUser, putGroupPolicy];

export const iamOperations: ReadonlyMap<string, QueryOperation> = new Map(
  [...users, ...accessKeys, ...userPolicies, ...managedPolicies, ...groups].map((operation) => [operation.name, operation as QueryOperation]),
);
