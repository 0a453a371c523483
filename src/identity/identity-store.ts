// The identity port: accounts, IAM users and access keys. Implemented over the metadata database
// (metadata/kysely-identity-store.ts); secrets arrive here already sealed.

export interface AccountRecord {
  id: string;
  name: string;
  isDefault: boolean;
  createdAt: number;
}

export interface UserRecord {
  accountId: string;
  userName: string;
  userId: string;
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

export interface IdentityStore {
  createAccount(account: AccountRecord): Promise<void>;
  findAccount(id: string): Promise<AccountRecord | undefined>;
  listAccounts(): Promise<AccountRecord[]>;

  createUser(user: UserRecord): Promise<void>;
  findUser(accountId: string, userName: string): Promise<UserRecord | undefined>;
  listUsers(accountId: string): Promise<UserRecord[]>;
  deleteUser(accountId: string, userName: string): Promise<boolean>;

  createAccessKey(key: AccessKeyRecord): Promise<void>;
  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** The keys of an account's root (userName undefined) or of one of its users. */
  listAccessKeys(accountId: string, userName?: string): Promise<AccessKeyRecord[]>;
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyRecord['status']): Promise<boolean>;
  deleteAccessKey(accessKeyId: string): Promise<boolean>;
}
