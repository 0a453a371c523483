// `berth admin …`: accounts, IAM users and access keys, for people without the AWS CLI. Works on the
// same stores as `serve` (safe while a server runs: SQLite takes turns, keys are read per request).
import type { Command } from 'commander';
import { openIdentity } from '../app.js';
import { openStores } from '../open-stores.js';
import { storeConfig, withStoreOptions, type StoreFlags } from './store-options.js';
import type { IdentityService } from '../identity/identity-service.js';

/** Opens the stores, runs `work` with the identity service, prints its result as JSON, closes. */
async function withIdentity(flags: StoreFlags, work: (identity: IdentityService) => Promise<unknown>): Promise<void> {
  const stores = await openStores(storeConfig(flags));
  try {
    const { identity } = await openIdentity(stores);
    process.stdout.write(JSON.stringify(await work(identity), null, 2) + '\n');
  } finally {
    await stores.close();
  }
}

async function accountOrDefault(identity: IdentityService, account: string | undefined): Promise<string> {
  return account ?? (await identity.defaultAccount()).id;
}

export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('manage accounts, users and access keys');

  withStoreOptions(admin.command('create-account').description('create an account and its root access key (the secret is shown once)'))
    .requiredOption('--name <name>', 'a name for the account')
    .action((flags: StoreFlags & { name: string }) =>
      withIdentity(flags, async (identity) => {
        const { account, rootKey } = await identity.createAccount(flags.name);
        return { AccountId: account.id, Name: account.name, AccessKeyId: rootKey.accessKeyId, SecretAccessKey: rootKey.secretAccessKey };
      }),
    );

  withStoreOptions(admin.command('list-accounts').description('list the accounts of this deployment')).action((flags: StoreFlags) =>
    withIdentity(flags, async (identity) =>
      (await identity.listAccounts()).map((account) => ({ AccountId: account.id, Name: account.name, Default: account.isDefault })),
    ),
  );

  withStoreOptions(admin.command('create-user').description('create an IAM user in an account'))
    .requiredOption('--user-name <name>', 'the user name')
    .option('--account <id>', 'the account (default: the default account)')
    .action((flags: StoreFlags & { userName: string; account?: string }) =>
      withIdentity(flags, async (identity) => {
        const user = await identity.createUser(await accountOrDefault(identity, flags.account), flags.userName);
        return { UserName: user.userName, UserId: user.userId, Arn: `arn:aws:iam::${user.accountId}:user/${user.userName}` };
      }),
    );

  withStoreOptions(admin.command('create-access-key').description("create an access key for a user, or for the account's root"))
    .option('--user-name <name>', 'the user (default: the account root)')
    .option('--account <id>', 'the account (default: the default account)')
    .action((flags: StoreFlags & { userName?: string; account?: string }) =>
      withIdentity(flags, async (identity) => {
        const key = await identity.createAccessKey(await accountOrDefault(identity, flags.account), flags.userName);
        return { AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, AccountId: key.accountId, ...(key.userName && { UserName: key.userName }) };
      }),
    );
}
