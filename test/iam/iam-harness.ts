// Drives Berth's IAM and STS APIs as users do — the unchanged AWS CLI (`aws iam …`, `aws sts …`) —
// and, to see statuses and XML exactly, as raw AWS Query requests signed by the AWS JS SDK's signer.
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { cliErrorType, region, type AwsResult, type EcrBerth } from '../ecr/ecr-harness.js';
import type { RootCredentials } from '../support/berth-process.js';

export { cliErrorType };

/** `aws iam <args>` with the root key unless other credentials are given. */
export function iam(berth: EcrBerth, args: string[], credentials?: RootCredentials): Promise<AwsResult> {
  return berth.aws(args, { service: 'iam', ...(credentials && { credentials }) });
}

export function sts(berth: EcrBerth, args: string[], credentials?: RootCredentials): Promise<AwsResult> {
  return berth.aws(args, { service: 'sts', ...(credentials && { credentials }) });
}

/** Fails the test with the CLI's own words unless the command succeeded. */
export function ok(result: AwsResult): any {
  if (result.status !== 0) throw new Error(`aws exited ${result.status}: ${result.stderr}`);
  return result.json;
}

export const iamVersion = '2010-05-08';
export const stsVersion = '2011-06-15';

export interface QueryResult {
  status: number;
  contentType: string | null;
  requestId: string | null;
  body: string;
}

/** One AWS Query request (form-encoded POST /), signed for `service` like the SDKs sign it. */
export async function queryRequest(
  berth: EcrBerth,
  params: Record<string, string>,
  options: { service?: 'iam' | 'sts'; credentials?: RootCredentials; signingRegion?: string } = {},
): Promise<QueryResult> {
  const url = new URL(berth.url);
  const body = new URLSearchParams(params).toString();
  const signer = new SignatureV4({
    service: options.service ?? 'iam',
    region: options.signingRegion ?? region,
    credentials: options.credentials ?? berth.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    }),
  );
  const response = await fetch(berth.url + '/', { method: 'POST', headers: signed.headers, body });
  return { status: response.status, contentType: response.headers.get('content-type'), requestId: response.headers.get('x-amzn-requestid'), body: await response.text() };
}

/** The text of the first `<name>` element of an XML body (enough for the flat answers checked here). */
export function xmlText(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
}
