// The identity port: accounts, IAM users and access keys. Implemented over the metadata database
// (metadata/kysely-identity-store.ts); secrets arrive here already sealed. Groups and policies have
// their own port (permissions-store.ts) on the same database.
import type { IamTag } from './iam-names.js';

export interface AccountRecord {
  id: string;
  name: string;
  isDefault: boolean;
  createdAt: number;
}

export interface UserRecord {
  accountId: string;
  /** As created; unique in the account whatever its case. */
  userName: string;
  userId: string;
  /** `/` or `/a/b/`: part of the user's ARN. */
  path: string;
  tags: IamTag[];
  createdAt: number;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  accountId: string;
  /** Undefined for the account root's keys. */
  userName?: string;
  secretSealed: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
}

/**
 * What deleting a user did. IAM refuses to delete a user that still has access keys, inline or
 * attached policies, or group memberships; the first of those found is reported.
 */
export type UserDeletion = 'deleted' | 'not-found' | 'has-access-keys' | 'has-inline-policies' | 'has-attached-policies' | 'in-groups';

export interface IdentityStore {
  createAccount(account: AccountRecord): Promise<void>;
  findAccount(id: string): Promise<AccountRecord | undefined>;
  listAccounts(): Promise<AccountRecord[]>;

  /** Refuses a name taken in the account whatever its case. */
  createUser(user: UserRecord): Promise<void>;
  /** Finds the user whatever the case of `userName`. */
  findUser(accountId: string, userName: string): Promise<UserRecord | undefined>;
  /** In byte order of names. */
  listUsers(accountId: string): Promise<UserRecord[]>;
  /** Deletes the user only if it holds nothing (see UserDeletion), checked in the same transaction. */
  deleteUser(accountId: string, userName: string): Promise<UserDeletion>;

  createAccessKey(key: AccessKeyRecord): Promise<void>;
  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** The keys of an account's root (userName undefined) or of one of its users (exact name), oldest first. */
  listAccessKeys(accountId: string, userName?: string): Promise<AccessKeyRecord[]>;
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyRecord['status']): Promise<boolean>;
  deleteAccessKey(accessKeyId: string): Promise<boolean>;
}
