// The `Credential=` value: `<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request`.
// Messages are AWS's (see sigv4-error.ts for sources); AWS reports every scope mismatch at once.

import { formatAmzDate } from './amz-date.js';
import { SigV4Error } from './sigv4-error.js';

export const SCOPE_TERMINATOR = 'aws4_request';

export interface CredentialScope {
  accessKeyId: string;
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
}

/** What this endpoint accepts. `regions` undefined means any region (a single-region server). */
export interface ScopeExpectation {
  services: readonly string[];
  regions?: readonly string[];
}

export function parseCredential(credential: string): CredentialScope & { terminator: string } {
  // AWS ignores trailing slashes here (dynalite's captured check order notes it).
  const parts = credential.replace(/\/+$/, '').split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw new SigV4Error(
      'incomplete-signature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/** `scope` as string: what the string-to-sign carries (`date/region/service/aws4_request`). */
export function scopeString(scope: Omit<CredentialScope, 'accessKeyId'>): string {
  return `${scope.date}/${scope.region}/${scope.service}/${SCOPE_TERMINATOR}`;
}

export function checkCredentialScope(
  scope: CredentialScope & { terminator: string },
  signedAt: Date,
  expected: ScopeExpectation,
): void {
  const problems: string[] = [];
  if (expected.regions !== undefined && !expected.regions.includes(scope.region)) {
    problems.push(`Credential should be scoped to a valid region, not '${scope.region}'.`);
  }
  if (!expected.services.includes(scope.service)) {
    problems.push(`Credential should be scoped to correct service: '${expected.services[0]}'.`);
  }
  if (scope.terminator !== SCOPE_TERMINATOR) {
    problems.push(`Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${scope.terminator}'.`);
  }
  const signedAtText = formatAmzDate(signedAt);
  if (scope.date !== signedAtText.slice(0, 8)) {
    problems.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${scope.date}' != '${signedAtText.slice(0, 8)}', from '${signedAtText}'.`,
    );
  }
  if (problems.length > 0) throw new SigV4Error('signature-mismatch', problems.join(' '));
}
