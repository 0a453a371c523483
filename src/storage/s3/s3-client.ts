// The S3 client of the adapter: AWS S3 or an S3-compatible store, settings as the SDK names them.
import { HeadBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export type S3Logger = NonNullable<S3ClientConfig['logger']>;

export interface S3ConnectionOptions {
  bucket: string;
  /** Default: the SDK's (AWS_REGION, the shared config file…); us-east-1 with a custom endpoint. */
  region?: string;
  /** An S3-compatible store's URL, e.g. http://minio:9000. Default: AWS S3. */
  endpoint?: string;
  /** Bucket in the path instead of the host name (most S3-compatible stores want it). */
  forcePathStyle?: boolean;
  /** Default: the SDK's provider chain (environment, shared files, SSO, web identity, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Where the SDK's warnings go (default: the console, see sdkLogger). */
  logger?: S3Logger;
}

/**
 * The SDK's own log: its warnings to the console, except that a streamed body is not retried
 * (expected: file-upload.ts retries those itself). Failed commands are not logged: they reach the
 * adapter as errors, and many are answers (a 404 from stat).
 */
const sdkLogger: S3Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...content: unknown[]) => {
    if (!String(content[0]).includes('non-retryable streaming request')) console.warn(...content);
  },
  error: () => undefined,
};

/** A client for the bucket, once the bucket answers: a wrong endpoint or key fails at start, not on the first push. */
export async function connectS3(options: S3ConnectionOptions): Promise<S3Client> {
  const client = new S3Client({
    ...(options.region !== undefined ? { region: options.region } : options.endpoint !== undefined && { region: 'us-east-1' }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials && { credentials: options.credentials }),
    forcePathStyle: options.forcePathStyle ?? false,
    logger: options.logger ?? sdkLogger,
    // Default checksums send streamed bodies aws-chunked with a trailer, which S3-compatible stores
    // (s3rver, older MinIO and Ceph) store verbatim. Content is verified by digest anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
    return client;
  } catch (error) {
    client.destroy();
    const { name, message } = error as Error;
    throw new Error(`S3 bucket "${options.bucket}" is not reachable: ${name}: ${message}`, { cause: error });
  }
}
