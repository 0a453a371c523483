// Presigned GETs of blobs, so pulls can be redirected to the object store instead of streaming
// through Berth (ECR hands out S3 URLs the same way). @aws-sdk/s3-request-presigner is not a
// dependency: the URL is the client's own endpoint for the bucket (its rules-based resolver, so
// path-style, custom endpoints and AWS partitions come out as the SDK would address them), signed
// with @smithy/signature-v4 as the presigner does. S3 signs presigned requests with the literal
// payload hash UNSIGNED-PAYLOAD (AWS S3 API, "Authenticating Requests: Using Query Parameters").
import type { S3Client } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** SigV4 allows 1 s to 7 days. */
const maxExpiresInSeconds = 7 * 24 * 3600;

export interface PresignGetObjectOptions {
  bucket: string;
  key: string;
  forcePathStyle: boolean;
  /** A custom endpoint, as the client was configured with. */
  endpoint?: string;
  expiresInSeconds: number;
  now?: Date;
}

export async function presignGetObject(client: S3Client, options: PresignGetObjectOptions): Promise<string> {
  const { expiresInSeconds } = options;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > maxExpiresInSeconds) {
    throw new RangeError(`expiresInSeconds must be an integer from 1 to ${maxExpiresInSeconds}`);
  }
  const region = await client.config.region();
  const { url } = client.config.endpointProvider({
    Bucket: options.bucket,
    Region: region,
    ForcePathStyle: options.forcePathStyle,
    UseFIPS: false,
    UseDualStack: false,
    ...(options.endpoint !== undefined && { Endpoint: options.endpoint }),
  });
  const basePath = url.pathname.replace(/\/$/, '');
  const path = `${basePath}/${options.key.split('/').map(escapeUri).join('/')}`;
  const signer = new SignatureV4({
    service: 's3',
    region,
    credentials: client.config.credentials,
    sha256: Hash.bind(null, 'sha256'),
    // The path above is escaped once, as S3 canonicalizes it.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.presign(
    new HttpRequest({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port !== '' && { port: Number(url.port) }),
      path,
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }),
    { expiresIn: expiresInSeconds, ...(options.now && { signingDate: options.now }) },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([name, value]) => `${escapeUri(name)}=${escapeUri(String(value))}`)
    .join('&');
  return `${url.protocol}//${url.host}${path}?${query}`;
}

/** RFC 3986 escaping, the one SigV4 canonicalization applies. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
