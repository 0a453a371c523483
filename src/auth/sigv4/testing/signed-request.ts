// Builds requests signed by @smithy/signature-v4 (the AWS JS SDK's signer) in the shape the
// verifier takes, for tests.

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

import type { SigV4Request } from '../verify-request.js';

export const TEST_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
export const SIGNED_AT = new Date('2024-05-01T12:00:00Z');

export interface SignOptions {
  body?: string;
  headers?: Record<string, string>;
  path?: string;
  query?: Record<string, string>;
  region?: string;
  service?: string;
  signedAt?: Date;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** An ECR-style JSON 1.1 POST, signed the way the JS SDK signs it. */
export async function signedEcrRequest(options: SignOptions = {}): Promise<SigV4Request> {
  const body = options.body ?? '{"repositoryNames":["web"]}';
  const signer = new SignatureV4({
    service: options.service ?? 'ecr',
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? TEST_KEY,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const unsigned = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: 'registry.test',
    path: options.path ?? '/',
    query: options.query ?? {},
    headers: {
      host: 'registry.test:5000',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      ...options.headers,
    },
    body,
  });
  const signed = await signer.sign(unsigned, { signingDate: options.signedAt ?? SIGNED_AT });
  const search = new URLSearchParams(signed.query as Record<string, string>).toString();
  return {
    method: signed.method,
    path: search ? `${signed.path}?${search.replace(/\+/g, '%20')}` : signed.path,
    headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: Buffer.from(body),
    now: options.signedAt ?? SIGNED_AT,
  };
}

export function withHeaders(request: SigV4Request, headers: Record<string, string | undefined>): SigV4Request {
  const merged: Record<string, string | readonly string[] | undefined> = { ...request.headers };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return { ...request, headers: merged };
}
