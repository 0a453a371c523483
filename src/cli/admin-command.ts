// `berth admin …`: accounts, IAM users and access keys (policies and groups in admin-iam-commands.ts),
// for people without the AWS CLI. Works on the same stores as `serve` (safe while a server runs:
// SQLite takes turns, keys and policies are read per request).
import type { Command } from 'commander';
import { userArn } from '../identity/iam-arns.js';
import type { IdentityService } from '../identity/identity-service.js';
import { registerIamAdminCommands } from './admin-iam-commands.js';
import { accountOrDefault, withAdminServices } from './admin-session.js';
import { withStoreOptions, type StoreFlags } from './store-options.js';

/** Opens the stores, runs `work` with the identity service, prints its result as JSON, closes. */
function withIdentity(flags: StoreFlags, work: (identity: IdentityService) => Promise<unknown>): Promise<void> {
  return withAdminServices(flags, ({ identity }) => work(identity));
}

export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('manage accounts, users, access keys, groups and policies');

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
    .option('--path <path>', 'the user path (default /)')
    .option('--account <id>', 'the account (default: the default account)')
    .action((flags: StoreFlags & { userName: string; path?: string; account?: string }) =>
      withIdentity(flags, async (identity) => {
        const user = await identity.createUser(await accountOrDefault(identity, flags.account), flags.userName, { ...(flags.path !== undefined && { path: flags.path }) });
        return { UserName: user.userName, UserId: user.userId, Path: user.path, Arn: userArn(user.accountId, user.path, user.userName) };
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

  registerIamAdminCommands(admin);
}
