// Presigned URLs for Berth's own downloads (GetDownloadUrlForLayer answers with one), signed with
// @smithy/signature-v4's presign so they read exactly like the S3 URLs ECR returns, and verified by
// verifyPresignedRequest.

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

import { parseRequestTarget } from './request-target.js';

export interface PresignUrlOptions {
  /** Absolute URL to sign, e.g. `https://registry.example/blobs/sha256:…`. */
  url: string | URL;
  /** The method the URL will be used with; it is part of the signature. */
  method?: 'GET' | 'HEAD' | 'PUT';
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  service: string;
  /** 1 s to 7 days (S3 and SigV4 limit). */
  expiresInSeconds: number;
  now?: Date;
}

export async function presignUrl(options: PresignUrlOptions): Promise<string> {
  const url = new URL(options.url);
  if (!Number.isInteger(options.expiresInSeconds) || options.expiresInSeconds < 1 || options.expiresInSeconds > 604800) {
    throw new RangeError('expiresInSeconds must be an integer from 1 to 604800');
  }
  // Sign the path and query exactly as they will appear in the URL, so the verifier, which sees
  // the raw request target, canonicalizes the same bytes.
  const { path, query } = parseRequestTarget(`${url.pathname}${url.search}`);
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const signed = await signer.presign(
    new HttpRequest({
      method: options.method ?? 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path,
      query,
      headers: { host: url.host },
    }),
    { signingDate: options.now ?? new Date(), expiresIn: options.expiresInSeconds },
  );
  return `${url.protocol}//${url.host}${path}?${encodeQuery(signed.query ?? {})}`;
}

/** RFC 3986 encoding, the same escaping SigV4 canonicalization applies. */
function encodeQuery(query: Record<string, string | string[] | null>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const item of value === null ? [''] : Array.isArray(value) ? value : [value]) {
      pairs.push(`${escapeUri(name)}=${escapeUri(item)}`);
    }
  }
  return pairs.join('&');
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
