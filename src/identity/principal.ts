// Who a request acts as: an account's root, or one of its IAM users (AWS's two kinds of long-term
// identity). ARNs are spelled as IAM spells them, so policies written for AWS match.
import { userArn } from './iam-arns.js';

export type Principal =
  | { kind: 'root'; accountId: string; arn: string }
  | { kind: 'user'; accountId: string; userName: string; userId: string; arn: string };

export function rootPrincipal(accountId: string): Principal {
  return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root` };
}

/** `path` is the user's IAM path (`/` unless created with another): it is part of the ARN. */
export function userPrincipal(accountId: string, userName: string, userId: string, path = '/'): Principal {
  return { kind: 'user', accountId, userName, userId, arn: userArn(accountId, path, userName) };
}
