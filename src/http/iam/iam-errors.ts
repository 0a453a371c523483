// The one place identity errors and signature failures become AWS Query errors, with IAM's codes and
// the statuses its service model declares (NoSuchEntity 404, EntityAlreadyExists 409, LimitExceeded
// 409, DeleteConflict 409, MalformedPolicyDocument 400, InvalidInput 400); ValidationError and
// Throttling are the common Query errors for constraint violations and rate limits (400).
import { AWS_QUERY_AUTH_ERRORS, SigV4Error } from '../../auth/sigv4/index.js';
import { RegistryError } from '../../domain/registry-error.js';
import { IdentityError, type IdentityErrorCode } from '../../identity/identity-error.js';
import { QueryError } from './query-protocol/query-error.js';

const identityErrors: Record<IdentityErrorCode, { code: string; httpStatus: number }> = {
  'account-not-found': { code: 'NoSuchEntity', httpStatus: 404 },
  'user-not-found': { code: 'NoSuchEntity', httpStatus: 404 },
  'access-key-not-found': { code: 'NoSuchEntity', httpStatus: 404 },
  'group-not-found': { code: 'NoSuchEntity', httpStatus: 404 },
  'policy-not-found': { code: 'NoSuchEntity', httpStatus: 404 },
  'inline-policy-not-found': { code: 'NoSuchEntity', httpStatus: 404 },
  'user-exists': { code: 'EntityAlreadyExists', httpStatus: 409 },
  'access-key-exists': { code: 'EntityAlreadyExists', httpStatus: 409 },
  'group-exists': { code: 'EntityAlreadyExists', httpStatus: 409 },
  'policy-exists': { code: 'EntityAlreadyExists', httpStatus: 409 },
  'policy-malformed': { code: 'MalformedPolicyDocument', httpStatus: 400 },
  'limit-exceeded': { code: 'LimitExceeded', httpStatus: 409 },
  'delete-conflict': { code: 'DeleteConflict', httpStatus: 409 },
  'invalid-value': { code: 'ValidationError', httpStatus: 400 },
  'invalid-input': { code: 'InvalidInput', httpStatus: 400 },
};

/** The Query error to send for `error`, or undefined for an unexpected one (a server fault). */
export function asQueryError(error: unknown): QueryError | undefined {
  if (error instanceof QueryError) return error;
  if (error instanceof IdentityError) {
    const { code, httpStatus } = identityErrors[error.code];
    return new QueryError(code, error.message, httpStatus);
  }
  if (error instanceof SigV4Error) {
    const { code, httpStatus } = AWS_QUERY_AUTH_ERRORS[error.code];
    return new QueryError(code, error.message, httpStatus);
  }
  // The only registry error a Query request meets: the server's rate limit (a request guard).
  if (error instanceof RegistryError && error.code === 'too-many-requests') return new QueryError('Throttling', error.message, 400);
  return undefined;
}

/** IAM's refusal of an action a principal may not perform. */
export function accessDenied(principalArn: string, action: string, resource: string): QueryError {
  return new QueryError(
    'AccessDenied',
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    403,
  );
}
