// SigV4 for Berth's AWS-compatible surfaces: verify incoming signatures, presign download URLs.
export {
  verifySigV4Request,
  verifyPresignedRequest,
  type SigV4Request,
  type SigningSecret,
  type SecretLookup,
  type VerifyOptions,
  type VerifiedRequest,
} from './verify-request.js';
export { presignUrl, type PresignUrlOptions } from './presign-url.js';
export { SigV4Error, isSigV4Error, AWS_JSON_AUTH_ERRORS, AWS_QUERY_AUTH_ERRORS, type SigV4ErrorCode } from './sigv4-error.js';
export { MAX_CLOCK_SKEW_MS } from './amz-date.js';
