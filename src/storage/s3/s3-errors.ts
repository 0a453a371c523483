// How the SDK reports the S3 answers the adapter treats as outcomes rather than failures.

interface ServiceError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

function described(error: unknown): ServiceError {
  return typeof error === 'object' && error !== null ? (error as ServiceError) : {};
}

/** The key is absent: GetObject says NoSuchKey, HeadObject (no body) NotFound. */
export function isMissingObject(error: unknown): boolean {
  const { name, $metadata } = described(error);
  return name === 'NoSuchKey' || name === 'NotFound' || (name !== 'NoSuchBucket' && $metadata?.httpStatusCode === 404);
}

/** The multipart upload is already gone (completed or aborted). */
export function isMissingUpload(error: unknown): boolean {
  return described(error).name === 'NoSuchUpload';
}

/** An S3-compatible store that does not implement the operation (s3rver has no AbortMultipartUpload). */
export function isUnsupported(error: unknown): boolean {
  const { name, $metadata } = described(error);
  return name === 'NotImplemented' || name === 'MethodNotAllowed' || $metadata?.httpStatusCode === 501;
}

/** Worth another attempt: no answer at all, throttling, or a server-side failure. */
export function isRetryable(error: unknown): boolean {
  const { name, $metadata } = described(error);
  if (name === 'AbortError') return false;
  const status = $metadata?.httpStatusCode;
  return status === undefined || status >= 500 || status === 429 || status === 408;
}
