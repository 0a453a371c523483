// What every IAM and STS operation receives, and what an operation is: how it reads its parameters,
// the resource its action is authorized on, and its one service call.
import { IdentityError } from '../../identity/identity-error.js';
import type { GroupService } from '../../identity/group-service.js';
import { groupArn, userArn } from '../../identity/iam-arns.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { PermissionsService } from '../../identity/permissions-service.js';
import type { Principal } from '../../identity/principal.js';
import type { QueryParams } from './query-protocol/query-params.js';
import type { XmlObject } from './query-protocol/xml-response.js';

export interface QueryContext {
  /** The verified caller; every operation acts in the caller's own account. */
  principal: Principal;
  identity: IdentityService;
  groups: GroupService;
  permissions: PermissionsService;
}

export interface QueryOperation<Input = any> {
  name: string;
  /** Reads the operation's parameters; any parameter it does not read is refused afterwards. */
  input(params: QueryParams): Input;
  /**
   * The ARN the action (`iam:<name>`) is authorized on, as AWS's service authorization reference
   * names it. Absent for actions that need no permission (STS GetCallerIdentity).
   */
  resource?(input: Input, context: QueryContext): Promise<string>;
  /** The result's members (the `<…Result>` element), or undefined for operations without output. */
  run(input: Input, context: QueryContext): Promise<XmlObject | undefined>;
}

/**
 * The user an operation with an optional UserName acts on: the named one, else the caller itself
 * (undefined for an account's root, whose own keys those operations then manage), as IAM does.
 */
export function userNameOrCaller(context: QueryContext, userName: string | undefined): string | undefined {
  if (userName !== undefined) return userName;
  return context.principal.kind === 'user' ? context.principal.userName : undefined;
}

/** The ARN of a user of the caller's account (with its path when it exists); the caller's own without a name. */
export async function userResource(context: QueryContext, userName: string | undefined, path?: string): Promise<string> {
  const accountId = context.principal.accountId;
  if (userName === undefined) return context.principal.arn;
  return userArn(accountId, path ?? (await existing(() => context.identity.getUser(accountId, userName)))?.path ?? '/', userName);
}

export async function groupResource(context: QueryContext, groupName: string, path?: string): Promise<string> {
  const accountId = context.principal.accountId;
  return groupArn(accountId, path ?? (await existing(() => context.groups.getGroup(accountId, groupName)))?.group.path ?? '/', groupName);
}

/** The entity, or undefined when it does not exist (the operation itself then says NoSuchEntity). */
async function existing<T>(find: () => Promise<T>): Promise<T | undefined> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof IdentityError && error.code.endsWith('-not-found')) return undefined;
    throw error;
  }
}
