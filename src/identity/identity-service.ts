// Accounts, users and access keys: creating them, and resolving an access key to the principal it
// acts for (what SigV4 verification needs). Secrets leave this service only when a key is created,
// to be shown once; they are stored sealed.
import type { MetadataStore } from '../metadata/metadata-store.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey, newUserId } from './access-key.js';
import type { AccessKeyRecord, AccountRecord, IdentityStore, UserRecord } from './identity-store.js';
import { rootPrincipal, userPrincipal, type Principal } from './principal.js';
import type { SecretBox } from './secret-box.js';

export interface NewAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  userName?: string;
}

export interface ResolvedAccessKey {
  principal: Principal;
  secretAccessKey: string;
}

export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  constructor(
    readonly code: 'account-not-found' | 'user-not-found' | 'user-exists' | 'access-key-not-found' | 'access-key-exists',
    message: string,
  ) {
    super(message);
  }
}

export class IdentityService {
  constructor(
    private readonly identities: IdentityStore,
    private readonly metadata: MetadataStore,
    private readonly secrets: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  async defaultAccount(): Promise<AccountRecord> {
    const id = await this.metadata.defaultAccountId();
    return (await this.identities.findAccount(id))!;
  }

  /**
   * Makes sure the default account's root has an access key. With a seeded key (scripts, tests) that
   * key is installed; otherwise one is generated the first time only.
   * @returns the new key when one was created now (to be shown once), else undefined
   */
  async bootstrapRootKey(seed?: { accessKeyId: string; secretAccessKey: string }): Promise<NewAccessKey | undefined> {
    const account = await this.defaultAccount();
    if (seed) {
      const existing = await this.identities.findAccessKey(seed.accessKeyId);
      if (existing && existing.accountId !== account.id) {
        throw new IdentityError('access-key-exists', `access key ${seed.accessKeyId} belongs to account ${existing.accountId}`);
      }
      if (existing) await this.identities.deleteAccessKey(seed.accessKeyId);
      await this.storeKey({ accessKeyId: seed.accessKeyId, secretAccessKey: seed.secretAccessKey, accountId: account.id });
      return undefined;
    }
    if ((await this.identities.listAccessKeys(account.id)).length > 0) return undefined;
    return this.createAccessKey(account.id);
  }

  async createAccount(name: string): Promise<{ account: AccountRecord; rootKey: NewAccessKey }> {
    const account: AccountRecord = { id: newAccountId(), name, isDefault: false, createdAt: this.now() };
    await this.identities.createAccount(account);
    return { account, rootKey: await this.createAccessKey(account.id) };
  }

  async listAccounts(): Promise<AccountRecord[]> {
    return this.identities.listAccounts();
  }

  async createUser(accountId: string, userName: string): Promise<UserRecord> {
    await this.requireAccount(accountId);
    if (await this.identities.findUser(accountId, userName)) {
      throw new IdentityError('user-exists', `user ${userName} already exists in account ${accountId}`);
    }
    const user: UserRecord = { accountId, userName, userId: newUserId(), createdAt: this.now() };
    await this.identities.createUser(user);
    return user;
  }

  /** A new key for the account's root (no userName) or for one of its users. */
  async createAccessKey(accountId: string, userName?: string): Promise<NewAccessKey> {
    await this.requireAccount(accountId);
    if (userName !== undefined && !(await this.identities.findUser(accountId, userName))) {
      throw new IdentityError('user-not-found', `user ${userName} does not exist in account ${accountId}`);
    }
    const key: NewAccessKey = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey(), accountId, ...(userName !== undefined && { userName }) };
    await this.storeKey(key);
    return key;
  }

  /** The principal an active access key acts for, with its secret, or undefined. */
  async resolveAccessKey(accessKeyId: string): Promise<ResolvedAccessKey | undefined> {
    const key = await this.identities.findAccessKey(accessKeyId);
    if (!key || key.status !== 'Active') return undefined;
    const secretAccessKey = this.secrets.open(key.secretSealed);
    if (secretAccessKey === undefined) return undefined;
    const principal = await this.principalOf(key);
    return principal && { principal, secretAccessKey };
  }

  /** Whether the principal still exists (tokens outlive nothing they were issued to). */
  async principalExists(principal: Principal): Promise<boolean> {
    if (principal.kind === 'root') return (await this.identities.findAccount(principal.accountId)) !== undefined;
    const user = await this.identities.findUser(principal.accountId, principal.userName);
    return user?.userId === principal.userId;
  }

  private async principalOf(key: AccessKeyRecord): Promise<Principal | undefined> {
    if (key.userName === undefined) return rootPrincipal(key.accountId);
    const user = await this.identities.findUser(key.accountId, key.userName);
    return user && userPrincipal(user.accountId, user.userName, user.userId);
  }

  private async storeKey(key: NewAccessKey): Promise<void> {
    await this.identities.createAccessKey({
      accessKeyId: key.accessKeyId,
      accountId: key.accountId,
      ...(key.userName !== undefined && { userName: key.userName }),
      secretSealed: this.secrets.seal(key.secretAccessKey),
      status: 'Active',
      createdAt: this.now(),
    });
  }

  private async requireAccount(accountId: string): Promise<AccountRecord> {
    const account = await this.identities.findAccount(accountId);
    if (!account) throw new IdentityError('account-not-found', `account ${accountId} does not exist`);
    return account;
  }
}
