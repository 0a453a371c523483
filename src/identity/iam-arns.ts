// ARNs of IAM entities: arn:aws:iam::<account>:<type><path><name>, the path being `/` or `/a/b/`
// (IAM User Guide, "IAM identifiers"). Customer managed policies live in the account; AWS managed
// ones (account `aws`) do not exist in Berth.

export function userArn(accountId: string, path: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user${path}${userName}`;
}

export function groupArn(accountId: string, path: string, groupName: string): string {
  return `arn:aws:iam::${accountId}:group${path}${groupName}`;
}

export function policyArn(accountId: string, path: string, policyName: string): string {
  return `arn:aws:iam::${accountId}:policy${path}${policyName}`;
}

export interface ParsedPolicyArn {
  /** Twelve digits, or `aws` for AWS managed policies. */
  accountId: string;
  path: string;
  policyName: string;
}

/** The parts of a policy ARN, or undefined when the text is not one. */
export function parsePolicyArn(arn: string): ParsedPolicyArn | undefined {
  const match = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  return match ? { accountId: match[1]!, path: match[2]!, policyName: match[3]! } : undefined;
}
