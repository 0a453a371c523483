// Errors on the AWS JSON 1.1 wire: `{"__type":"<Code>","message":"…"}` with
// `Content-Type: application/x-amz-json-1.1` and an `x-amzn-RequestId` header.
//
// `__type` is the bare shape name, as ECR sends it (aws/aws-sdk-php#1114 shows a captured ECR body
// `{"__type":"UnrecognizedClientException","message":"…"}`). Status: the shape's
// `error.httpStatusCode` when the model has one (ECR's has none), else the table below, else 400
// for client errors and 500 for `fault` shapes (ServerException).

import { randomUUID } from 'node:crypto';

import type { ServiceModel } from './service-model.js';

export const AWS_JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Anything carrying an AWS error name and status (AwsJsonError, SigV4Error, …). */
export interface AwsJsonErrorLike {
  awsType: string;
  httpStatus: number;
  message?: string;
}

export class AwsJsonError extends Error implements AwsJsonErrorLike {
  override readonly name = 'AwsJsonError';
  readonly hasMessage: boolean;

  /** `message` undefined sends no `message` member (AWS omits it for some protocol errors). */
  constructor(
    readonly awsType: string,
    message: string | undefined,
    readonly httpStatus: number,
  ) {
    super(message ?? '');
    this.hasMessage = message !== undefined;
  }
}

/** Statuses for errors that are not shapes in the model (protocol and common errors). */
const COMMON_STATUS: Readonly<Record<string, number>> = {
  // aws/aws-sdk-net#1536: an unknown X-Amz-Target on a JSON 1.1 service, 400 with {"__type":…}.
  UnknownOperationException: 400,
  SerializationException: 400,
  ValidationException: 400,
  // ECR user guide, "Troubleshooting Amazon ECR error messages": "HTTP 403: User [arn] is not
  // authorized to perform [operation]" (AccessDeniedException).
  AccessDeniedException: 403,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

/** The status AWS uses for an error code on this service. */
export function httpStatusFor(model: ServiceModel | undefined, awsType: string): number {
  const shape = model?.shapes[awsType];
  if (shape?.type === 'structure' && shape.exception) {
    return shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
  }
  return COMMON_STATUS[awsType] ?? 400;
}

/** Builds a modeled error, e.g. `awsJsonError(model, 'RepositoryNotFoundException', '…')`. */
export function awsJsonError(model: ServiceModel | undefined, awsType: string, message?: string): AwsJsonError {
  return new AwsJsonError(awsType, message, httpStatusFor(model, awsType));
}

export interface AwsJsonHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface SerializeErrorOptions {
  requestId?: string;
  /** What an unexpected exception becomes: ECR's model names its fault shape ServerException. */
  serverErrorType?: string;
}

/**
 * The one place an error becomes an AWS JSON response. Anything that is not an AWS error is a
 * server fault whose details stay in the server log, never in the body.
 */
export function serializeAwsJsonError(error: unknown, options: SerializeErrorOptions = {}): AwsJsonHttpResponse {
  const known = isAwsJsonErrorLike(error)
    ? error
    : { awsType: options.serverErrorType ?? 'ServerException', httpStatus: 500, message: 'An internal error occurred.' };
  const body: { __type: string; message?: string } = { __type: known.awsType };
  const hasMessage = known instanceof AwsJsonError ? known.hasMessage : known.message !== undefined;
  if (hasMessage) body.message = known.message;
  return {
    statusCode: known.httpStatus,
    headers: responseHeaders(options.requestId),
    body: JSON.stringify(body),
  };
}

/** A successful AWS JSON response (the body is already shaped, see shape-output.ts). */
export function serializeAwsJsonResponse(output: unknown, options: { requestId?: string } = {}): AwsJsonHttpResponse {
  return { statusCode: 200, headers: responseHeaders(options.requestId), body: JSON.stringify(output ?? {}) };
}

function responseHeaders(requestId: string = randomUUID()): Record<string, string> {
  return { 'content-type': AWS_JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId };
}

function isAwsJsonErrorLike(error: unknown): error is AwsJsonErrorLike {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<AwsJsonErrorLike>;
  return typeof candidate.awsType === 'string' && typeof candidate.httpStatus === 'number';
}
