// `berth admin` for IAM beyond creating users and keys: the same operations as the IAM API (users,
// keys, inline and managed policies, groups), through the same services, for people without the AWS
// CLI. Output is IAM's JSON shape; errors are IAM's messages. Policy documents are given inline or as
// `file://path`, as with the AWS CLI.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { groupArn, policyArn, userArn } from '../identity/iam-arns.js';
import type { UserRecord } from '../identity/identity-store.js';
import type { GroupRecord } from '../identity/permissions-store.js';
import { userPrincipal } from '../identity/principal.js';
import { accountOrDefault, withAdminServices, type AdminServices } from './admin-session.js';
import { withStoreOptions, type StoreFlags } from './store-options.js';

type Flags = StoreFlags & { account?: string } & Record<string, string | undefined>;

/** A subcommand of `admin` taking the store options and `--account`, whose action gets the account id. */
function iamCommand(admin: Command, name: string, description: string, run: (services: AdminServices, accountId: string, flags: Flags) => Promise<unknown>): Command {
  const command = withStoreOptions(admin.command(name).description(description)).option('--account <id>', 'the account (default: the default account)');
  command.action((flags: Flags) =>
    withAdminServices(flags, async (services) => run(services, await accountOrDefault(services.identity, flags.account), flags)),
  );
  return command;
}

async function policyDocument(text: string): Promise<string> {
  return text.startsWith('file://') ? readFile(text.slice('file://'.length), 'utf8') : text;
}

const userJson = (user: UserRecord) => ({ Path: user.path, UserName: user.userName, UserId: user.userId, Arn: userArn(user.accountId, user.path, user.userName) });
const groupJson = (group: GroupRecord) => ({ Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: groupArn(group.accountId, group.path, group.groupName) });

export function registerIamAdminCommands(admin: Command): void {
  iamCommand(admin, 'list-users', 'list the users of an account', async ({ identity }, accountId) => ({
    Users: (await identity.listUsers(accountId)).map(userJson),
  }));
  iamCommand(admin, 'delete-user', 'delete a user that has no keys, policies or groups left', async ({ identity }, accountId, flags) => {
    await identity.deleteUser(accountId, flags.userName!);
  }).requiredOption('--user-name <name>', 'the user');

  iamCommand(admin, 'list-access-keys', "list a user's access keys, or the account root's", async ({ identity }, accountId, flags) => ({
    AccessKeyMetadata: (await identity.listAccessKeys(accountId, flags.userName)).map((key) => ({
      ...(key.userName && { UserName: key.userName }),
      AccessKeyId: key.accessKeyId,
      Status: key.status,
      CreateDate: new Date(key.createdAt).toISOString(),
    })),
  })).option('--user-name <name>', 'the user (default: the account root)');
  iamCommand(admin, 'update-access-key', 'make an access key Active or Inactive', async ({ identity }, accountId, flags) => {
    const status = flags.status;
    if (status !== 'Active' && status !== 'Inactive') throw new Error('--status must be Active or Inactive');
    await identity.updateAccessKey(accountId, flags.userName, flags.accessKeyId!, status);
  })
    .requiredOption('--access-key-id <id>', 'the key')
    .requiredOption('--status <status>', 'Active or Inactive')
    .option('--user-name <name>', 'its user (default: the account root)');
  iamCommand(admin, 'delete-access-key', 'delete an access key', async ({ identity }, accountId, flags) => {
    await identity.deleteAccessKey(accountId, flags.userName, flags.accessKeyId!);
  })
    .requiredOption('--access-key-id <id>', 'the key')
    .option('--user-name <name>', 'its user (default: the account root)');

  iamCommand(admin, 'put-user-policy', "create or replace a user's inline policy", async ({ permissions }, accountId, flags) => {
    await permissions.putUserPolicy(accountId, flags.userName!, flags.policyName!, await policyDocument(flags.policyDocument!));
  })
    .requiredOption('--user-name <name>', 'the user')
    .requiredOption('--policy-name <name>', 'the policy name')
    .requiredOption('--policy-document <json>', 'the document, or file://path');
  iamCommand(admin, 'delete-user-policy', "delete a user's inline policy", async ({ permissions }, accountId, flags) => {
    await permissions.deleteUserPolicy(accountId, flags.userName!, flags.policyName!);
  })
    .requiredOption('--user-name <name>', 'the user')
    .requiredOption('--policy-name <name>', 'the policy name');

  iamCommand(admin, 'create-policy', 'create a customer managed policy', async ({ permissions }, accountId, flags) => {
    const policy = await permissions.createPolicy(accountId, {
      policyName: flags.policyName!,
      document: await policyDocument(flags.policyDocument!),
      ...(flags.path !== undefined && { path: flags.path }),
      ...(flags.description !== undefined && { description: flags.description }),
    });
    return { Policy: { PolicyName: policy.policyName, PolicyId: policy.policyId, Arn: policyArn(accountId, policy.path, policy.policyName), Path: policy.path, DefaultVersionId: policy.defaultVersionId } };
  })
    .requiredOption('--policy-name <name>', 'the policy name')
    .requiredOption('--policy-document <json>', 'the document, or file://path')
    .option('--path <path>', 'the policy path (default /)')
    .option('--description <text>', 'a description');
  for (const owner of ['user', 'group'] as const) {
    iamCommand(admin, `attach-${owner}-policy`, `attach a managed policy to a ${owner}`, async ({ permissions }, accountId, flags) => {
      if (owner === 'user') await permissions.attachUserPolicy(accountId, flags.userName!, flags.policyArn!);
      else await permissions.attachGroupPolicy(accountId, flags.groupName!, flags.policyArn!);
    })
      .requiredOption(`--${owner}-name <name>`, `the ${owner}`)
      .requiredOption('--policy-arn <arn>', 'the policy');
  }
  iamCommand(admin, 'detach-user-policy', 'detach a managed policy from a user', async ({ permissions }, accountId, flags) => {
    await permissions.detachUserPolicy(accountId, flags.userName!, flags.policyArn!);
  })
    .requiredOption('--user-name <name>', 'the user')
    .requiredOption('--policy-arn <arn>', 'the policy');

  iamCommand(admin, 'create-group', 'create a group', async ({ groups }, accountId, flags) => ({
    Group: groupJson(await groups.createGroup(accountId, flags.groupName!, { ...(flags.path !== undefined && { path: flags.path }) })),
  }))
    .requiredOption('--group-name <name>', 'the group name')
    .option('--path <path>', 'the group path (default /)');
  iamCommand(admin, 'add-user-to-group', 'add a user to a group', async ({ groups }, accountId, flags) => {
    await groups.addUserToGroup(accountId, flags.groupName!, flags.userName!);
  })
    .requiredOption('--group-name <name>', 'the group')
    .requiredOption('--user-name <name>', 'the user');
  iamCommand(admin, 'remove-user-from-group', 'remove a user from a group', async ({ groups }, accountId, flags) => {
    await groups.removeUserFromGroup(accountId, flags.groupName!, flags.userName!);
  })
    .requiredOption('--group-name <name>', 'the group')
    .requiredOption('--user-name <name>', 'the user');
  iamCommand(admin, 'put-group-policy', "create or replace a group's inline policy", async ({ permissions }, accountId, flags) => {
    await permissions.putGroupPolicy(accountId, flags.groupName!, flags.policyName!, await policyDocument(flags.policyDocument!));
  })
    .requiredOption('--group-name <name>', 'the group')
    .requiredOption('--policy-name <name>', 'the policy name')
    .requiredOption('--policy-document <json>', 'the document, or file://path');

  iamCommand(admin, 'list-user-permissions', 'every policy document that applies to a user: its own and its groups\', inline and attached', async ({ identity, permissions }, accountId, flags) => {
    const user = await identity.getUser(accountId, flags.userName!);
    const policies = await permissions.identityPoliciesOf(userPrincipal(accountId, user.userName, user.userId, user.path));
    return { User: userJson(user), Policies: policies.kind === 'user' ? policies.documents.map((entry) => ({ ...entry, document: JSON.parse(entry.document) as unknown })) : [] };
  }).requiredOption('--user-name <name>', 'the user');
}
