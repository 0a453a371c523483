// Accounts, users and access keys: creating and administering them, and resolving an access key to
// the principal it acts for (what SigV4 verification needs). Secrets leave this service only when a
// key is created, to be shown once; they are stored sealed. Rules and messages are IAM's, so the IAM
// API and `berth admin` behave alike.
import type { MetadataStore } from '../metadata/metadata-store.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey, newUserId } from './access-key.js';
import { requireUser } from './entity-lookups.js';
import { IdentityError } from './identity-error.js';
import { checkTags, checkValue, type IamTag } from './iam-names.js';
import type { AccessKeyRecord, AccountRecord, IdentityStore, UserDeletion, UserRecord } from './identity-store.js';
import { rootPrincipal, userPrincipal, type Principal } from './principal.js';
import type { SecretBox } from './secret-box.js';

export { IdentityError } from './identity-error.js';

/** IAM's quota AccessKeysPerUser. The root's keys are not limited: `berth admin` is their way back in. */
export const maxAccessKeysPerUser = 2;

export interface NewAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  userName?: string;
  status: 'Active';
  createdAt: number;
}

/** An access key without its secret, as ListAccessKeys shows it. */
export type AccessKeyMetadata = Pick<AccessKeyRecord, 'accessKeyId' | 'accountId' | 'userName' | 'status' | 'createdAt'>;

export interface ResolvedAccessKey {
  principal: Principal;
  secretAccessKey: string;
}

const deleteConflicts: Record<Exclude<UserDeletion, 'deleted' | 'not-found'>, string> = {
  'has-access-keys': 'Cannot delete entity, must delete access keys first.',
  'has-inline-policies': 'Cannot delete entity, must delete policies first.',
  'has-attached-policies': 'Cannot delete entity, must detach all policies first.',
  'in-groups': 'Cannot delete entity, must remove users from group first.',
};

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
      await this.storeKey({ accessKeyId: seed.accessKeyId, secretAccessKey: seed.secretAccessKey, accountId: account.id, status: 'Active', createdAt: this.now() });
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

  async getAccount(accountId: string): Promise<AccountRecord> {
    const account = await this.identities.findAccount(accountId);
    if (!account) throw new IdentityError('account-not-found', `The account ${accountId} cannot be found.`);
    return account;
  }

  async createUser(accountId: string, userName: string, options: { path?: string; tags?: IamTag[] } = {}): Promise<UserRecord> {
    checkValue(userName, 'userName', 'userName');
    if (options.path !== undefined) checkValue(options.path, 'path', 'path');
    checkTags(options.tags ?? []);
    await this.getAccount(accountId);
    if (await this.identities.findUser(accountId, userName)) {
      throw new IdentityError('user-exists', `User with name ${userName} already exists.`);
    }
    const user: UserRecord = { accountId, userName, userId: newUserId(), path: options.path ?? '/', tags: options.tags ?? [], createdAt: this.now() };
    await this.identities.createUser(user);
    return user;
  }

  /** The user, found whatever the case of the name, or `user-not-found`. */
  async getUser(accountId: string, userName: string): Promise<UserRecord> {
    return requireUser(this.identities, accountId, userName);
  }

  /** Users in byte order of names, those whose path starts with `pathPrefix` when given. */
  async listUsers(accountId: string, pathPrefix?: string): Promise<UserRecord[]> {
    if (pathPrefix !== undefined) checkValue(pathPrefix, 'pathPrefix', 'pathPrefix');
    const users = await this.identities.listUsers(accountId);
    return pathPrefix === undefined ? users : users.filter((user) => user.path.startsWith(pathPrefix));
  }

  /** IAM's rule: only a user without keys, policies and groups can be deleted (DeleteConflict). */
  async deleteUser(accountId: string, userName: string): Promise<void> {
    const user = await this.getUser(accountId, userName);
    const outcome = await this.identities.deleteUser(accountId, user.userName);
    if (outcome === 'deleted') return;
    if (outcome === 'not-found') throw new IdentityError('user-not-found', `The user with name ${userName} cannot be found.`);
    throw new IdentityError('delete-conflict', deleteConflicts[outcome]);
  }

  /** A new key for the account's root (no userName) or for one of its users. */
  async createAccessKey(accountId: string, userName?: string): Promise<NewAccessKey> {
    await this.getAccount(accountId);
    const owner = userName === undefined ? undefined : (await this.getUser(accountId, userName)).userName;
    if (owner !== undefined && (await this.identities.listAccessKeys(accountId, owner)).length >= maxAccessKeysPerUser) {
      throw new IdentityError('limit-exceeded', `Cannot exceed quota for AccessKeysPerUser: ${maxAccessKeysPerUser}`);
    }
    const key: NewAccessKey = {
      accessKeyId: newAccessKeyId(),
      secretAccessKey: newSecretAccessKey(),
      accountId,
      ...(owner !== undefined && { userName: owner }),
      status: 'Active',
      createdAt: this.now(),
    };
    await this.storeKey(key);
    return key;
  }

  /** The keys of the root (no userName) or of a user, oldest first, without their secrets. */
  async listAccessKeys(accountId: string, userName?: string): Promise<AccessKeyMetadata[]> {
    const owner = userName === undefined ? undefined : (await this.getUser(accountId, userName)).userName;
    return (await this.identities.listAccessKeys(accountId, owner)).map(({ secretSealed: _sealed, ...metadata }) => metadata);
  }

  async updateAccessKey(accountId: string, userName: string | undefined, accessKeyId: string, status: AccessKeyRecord['status']): Promise<void> {
    await this.ownedKey(accountId, userName, accessKeyId);
    await this.identities.setAccessKeyStatus(accessKeyId, status);
  }

  async deleteAccessKey(accountId: string, userName: string | undefined, accessKeyId: string): Promise<void> {
    await this.ownedKey(accountId, userName, accessKeyId);
    await this.identities.deleteAccessKey(accessKeyId);
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

  /** A key of the root (no userName) or of the named user; any other key is `access-key-not-found`. */
  private async ownedKey(accountId: string, userName: string | undefined, accessKeyId: string): Promise<AccessKeyRecord> {
    const owner = userName === undefined ? undefined : (await this.getUser(accountId, userName)).userName;
    const key = await this.identities.findAccessKey(accessKeyId);
    if (!key || key.accountId !== accountId || key.userName !== owner) {
      throw new IdentityError('access-key-not-found', `The Access Key with id ${accessKeyId} cannot be found.`);
    }
    return key;
  }

  private async principalOf(key: AccessKeyRecord): Promise<Principal | undefined> {
    if (key.userName === undefined) return rootPrincipal(key.accountId);
    const user = await this.identities.findUser(key.accountId, key.userName);
    return user && userPrincipal(user.accountId, user.userName, user.userId, user.path);
  }

  private async storeKey(key: NewAccessKey): Promise<void> {
    await this.identities.createAccessKey({
      accessKeyId: key.accessKeyId,
      accountId: key.accountId,
      ...(key.userName !== undefined && { userName: key.userName }),
      secretSealed: this.secrets.seal(key.secretAccessKey),
      status: key.status,
      createdAt: key.createdAt,
    });
  }
}
