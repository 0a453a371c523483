// Why a SigV4 check failed, with the code and message AWS sends for it.
//
// The messages are AWS's own wording (Coral, the framework behind ECR's control plane); sources:
// - dynalite (mhart/dynalite, index.js) records the check order and messages captured from the real
//   Coral JSON stack; dacut/scratchstack-aws-signature (src/signature.rs tests) has the same
//   messages in their current form ("'Host' or ':authority' …", "Signature not yet current …").
// - ECR-specific captures: jenkinsci/amazon-ecr-plugin#199 ("Missing Authentication Token",
//   Status Code: 400, MissingAuthenticationTokenException); aws/aws-sdk-php#1114 (ECR,
//   UnrecognizedClientException, 400); upmc-enterprises/registry-creds#24 (ECR, "Signature
//   expired: … - 15 min.", InvalidSignatureException, 400).
// AWS JSON services answer every authentication failure with 400 (all three ECR captures above);
// presigned-URL expiry follows S3 (403 AccessDenied "Request has expired") because those URLs are
// data-plane downloads, not API calls.

/** Stable Berth codes; the AWS name and status for each live in {@link AWS_JSON_AUTH_ERRORS}. */
export type SigV4ErrorCode =
  | 'missing-authentication-token'
  | 'incomplete-signature'
  | 'malformed-query-string'
  | 'unrecognized-client'
  | 'expired-token'
  | 'signature-mismatch'
  | 'signature-expired'
  | 'presigned-url-expired';

/** How each failure reads on an AWS JSON 1.0/1.1 service (`__type` and HTTP status). */
export const AWS_JSON_AUTH_ERRORS: Readonly<Record<SigV4ErrorCode, { awsType: string; httpStatus: number }>> = {
  'missing-authentication-token': { awsType: 'MissingAuthenticationTokenException', httpStatus: 400 },
  'incomplete-signature': { awsType: 'IncompleteSignatureException', httpStatus: 400 },
  'malformed-query-string': { awsType: 'MalformedQueryString', httpStatus: 400 },
  'unrecognized-client': { awsType: 'UnrecognizedClientException', httpStatus: 400 },
  'expired-token': { awsType: 'ExpiredTokenException', httpStatus: 400 },
  'signature-mismatch': { awsType: 'InvalidSignatureException', httpStatus: 400 },
  'signature-expired': { awsType: 'InvalidSignatureException', httpStatus: 400 },
  'presigned-url-expired': { awsType: 'AccessDenied', httpStatus: 403 },
};

/**
 * How each failure reads on an AWS Query service (IAM, STS): `<Code>` and HTTP status, from the
 * common errors of the Query APIs (e.g. docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors):
 * InvalidClientTokenId and MissingAuthenticationToken 403, IncompleteSignature 400. STS and IAM
 * answer a wrong or stale signature with SignatureDoesNotMatch, 403 ("Signature expired: … is now
 * earlier than …" for the latter, a message every `aws sts get-caller-identity` with a skewed clock shows).
 */
export const AWS_QUERY_AUTH_ERRORS: Readonly<Record<SigV4ErrorCode, { code: string; httpStatus: number }>> = {
  'missing-authentication-token': { code: 'MissingAuthenticationToken', httpStatus: 403 },
  'incomplete-signature': { code: 'IncompleteSignature', httpStatus: 400 },
  'malformed-query-string': { code: 'MalformedQueryString', httpStatus: 404 },
  'unrecognized-client': { code: 'InvalidClientTokenId', httpStatus: 403 },
  'expired-token': { code: 'ExpiredToken', httpStatus: 403 },
  'signature-mismatch': { code: 'SignatureDoesNotMatch', httpStatus: 403 },
  'signature-expired': { code: 'SignatureDoesNotMatch', httpStatus: 403 },
  'presigned-url-expired': { code: 'AccessDenied', httpStatus: 403 },
};

export const MESSAGES = {
  missingToken: 'Missing Authentication Token',
  invalidToken: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. ' +
    'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  presignedExpired: 'Request has expired',
} as const;

export class SigV4Error extends Error {
  override readonly name = 'SigV4Error';
  /** The AWS JSON `__type` (e.g. `InvalidSignatureException`). */
  readonly awsType: string;
  readonly httpStatus: number;

  /** `message` is what the client sees: AWS's wording, never a secret or a derived key. */
  constructor(
    readonly code: SigV4ErrorCode,
    message: string,
  ) {
    super(message);
    ({ awsType: this.awsType, httpStatus: this.httpStatus } = AWS_JSON_AUTH_ERRORS[code]);
  }
}

export function isSigV4Error(error: unknown, code?: SigV4ErrorCode): error is SigV4Error {
  return error instanceof SigV4Error && (code === undefined || error.code === code);
}
