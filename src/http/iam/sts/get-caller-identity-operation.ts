// STS GetCallerIdentity: who signed the request. Needs no permission (AWS: "No permissions are
// required to perform this operation"), so it has no resource. An account's root is its account id
// and `arn:aws:iam::<account>:root`; a user its unique id (AIDA…) and its user ARN.
import type { QueryOperation } from '../iam-context.js';

export const getCallerIdentity: QueryOperation<Record<string, never>> = {
  name: 'GetCallerIdentity',
  input: () => ({}),
  async run(_input, { principal }) {
    return { UserId: principal.kind === 'user' ? principal.userId : principal.accountId, Account: principal.accountId, Arn: principal.arn };
  },
};

export const stsOperations: ReadonlyMap<string, QueryOperation> = new Map([[getCallerIdentity.name, getCallerIdentity as QueryOperation]]);
