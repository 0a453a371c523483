// Computes the signature a request *should* carry, reusing @smithy/signature-v4 (the AWS JS SDK's
// signer) for canonical path and query, string-to-sign, key derivation and HMAC, so Berth
// canonicalizes exactly as the SDKs do.
//
// We do not call `signer.sign(request)`: it always adds `x-amz-date` to the signed headers and drops
// a `Date` header, which would break clients that sign a different header set. Instead the
// canonical headers are exactly the request's own SignedHeaders, and the protected building blocks
// of SignatureV4 do the rest.

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4, getCanonicalHeaders } from '@smithy/signature-v4';

import { ALGORITHM } from './authorization-header.js';
import type { QueryParameters } from './request-target.js';

export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface SignatureInput {
  method: string;
  /** Raw path as received; non-S3 services encode each segment once more (done by smithy). */
  path: string;
  query: QueryParameters;
  headers: RawHeaders;
  /** Lowercase names from SignedHeaders / X-Amz-SignedHeaders. */
  signedHeaders: readonly string[];
  payloadHash: string;
  /** The signed time, already formatted (`20150830T123600Z`). */
  amzDate: string;
  signedAt: Date;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const sha256 = Hash.bind(null, 'sha256');

/** Exposes SignatureV4's protected canonicalization steps; nothing else changes. */
class CanonicalSigner extends SignatureV4 {
  canonicalRequest(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }

  stringToSign(amzDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(amzDate, scope, canonicalRequest, ALGORITHM);
  }
}

export async function calculateSignature(input: SignatureInput): Promise<string> {
  const signer = new CanonicalSigner({
    service: input.service,
    region: input.region,
    credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey },
    sha256,
    applyChecksum: false,
  });
  const request = new HttpRequest({ method: input.method, path: input.path, query: input.query, headers: {} });
  const canonicalHeaders = signedHeaderValues(input.headers, input.signedHeaders);
  const canonicalRequest = signer.canonicalRequest(request, canonicalHeaders, input.payloadHash);
  const scope = `${input.amzDate.slice(0, 8)}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = await signer.stringToSign(input.amzDate, scope, canonicalRequest);
  // `sign(string)` derives the key for (date, region, service) and HMACs the string-to-sign.
  return signer.sign(stringToSign, {
    signingDate: input.signedAt,
    signingRegion: input.region,
    signingService: input.service,
  });
}

/**
 * The canonical `name:value` pairs for exactly the signed headers. Repeated headers are joined
 * with `,` (SigV4 rule); smithy trims and folds whitespace. A signed header missing from the request
 * is left out, so the signature cannot match, which is what AWS answers too.
 */
function signedHeaderValues(headers: RawHeaders, signedHeaders: readonly string[]): Record<string, string> {
  const selected: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headers[name];
    if (value === undefined) continue;
    selected[name] = typeof value === 'string' ? value : value.map((v) => v.trim()).join(',');
  }
  // signableHeaders forces smithy to keep headers it would never sign itself (e.g. user-agent).
  return getCanonicalHeaders({ headers: selected } as HttpRequest, undefined, new Set(signedHeaders)) as Record<
    string,
    string
  >;
}
