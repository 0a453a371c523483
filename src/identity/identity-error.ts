// What can go wrong managing identities, as stable codes: each surface translates them once (the IAM
// Query API in http/iam/iam-errors.ts, `berth admin` prints the message). Messages are IAM's
// wording where IAM has one, so they read the same through either.

export type IdentityErrorCode =
  | 'account-not-found'
  | 'user-not-found'
  | 'user-exists'
  | 'access-key-not-found'
  | 'access-key-exists'
  | 'group-not-found'
  | 'group-exists'
  | 'policy-not-found'
  | 'policy-exists'
  | 'inline-policy-not-found'
  /** The policy validator refused the document; the message is its reason. */
  | 'policy-malformed'
  /** One of IAM's quotas (policy sizes, keys per user, groups and attached policies per user). */
  | 'limit-exceeded'
  /** The entity still holds what IAM wants removed first (keys, policies, group memberships). */
  | 'delete-conflict'
  /** A value breaks the API's declared constraints (name patterns and lengths): IAM's ValidationError. */
  | 'invalid-value'
  /** A well-formed value IAM still refuses (a malformed ARN, duplicate tag keys): IAM's InvalidInput. */
  | 'invalid-input';

export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
  }
}
