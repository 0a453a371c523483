// Principal / NotPrincipal of a resource policy (IAM User Guide, "AWS JSON policy elements:
// Principal"): `"*"`, or `{ "AWS": …, "Service": …, "Federated": …, "CanonicalUser": … }`.
//
// An AWS account (`123456789012` or `arn:aws:iam::123456789012:root`) names the account, not just
// its root user: "This delegates authority to the account", so a user of that account is matched
// only by delegation (its own identity policy must allow too; see evaluate-access.ts), while the
// root user is matched directly. A user ARN or `"*"` matches directly.
import type { RequestPrincipal } from './access-request.js';
import { isPlainObject } from './condition-block.js';
import { policyError, policyReasons } from './policy-document-error.js';

export type PrincipalMatch = 'none' | 'account' | 'direct';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:aws:iam::(\d{12}):root$/;
const IAM_PRINCIPAL_ARN = /^arn:aws:(?:iam::\d{12}:(?:user|role)\/|sts::\d{12}:(?:assumed-role|federated-user)\/)[^*?]+$/;
const SERVICE_NAME = /^[a-z0-9][a-z0-9.-]*$/i;
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

export class PrincipalElement {
  private constructor(
    private readonly anyone: boolean,
    private readonly accounts: ReadonlySet<string>,
    private readonly arns: ReadonlySet<string>,
    private readonly services: ReadonlySet<string>,
  ) {}

  static parse(raw: unknown, where: string): PrincipalElement {
    if (raw === '*') return new PrincipalElement(true, new Set(), new Set(), new Set());
    if (!isPlainObject(raw) || Object.keys(raw).length === 0) {
      throw policyError(policyReasons.syntax, `${where} must be "*" or an object such as {"AWS": …}`);
    }
    let anyone = false;
    const accounts = new Set<string>();
    const arns = new Set<string>();
    const services = new Set<string>();
    for (const [type, value] of Object.entries(raw)) {
      if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
        throw policyError(policyReasons.syntax, `${where}: unknown principal type ${JSON.stringify(type)}`);
      }
      const names = stringList(value, `${where}.${type}`);
      if (names.length === 0) throw policyError(policyReasons.syntax, `${where}.${type} names no principal`);
      for (const name of names) {
        const invalid = () => policyError(policyReasons.invalidPrincipal(type, name), `${where}.${type}`);
        if (type === 'AWS') {
          const root = ROOT_ARN.exec(name);
          if (name === '*') anyone = true;
          else if (ACCOUNT_ID.test(name)) accounts.add(name);
          else if (root !== null) accounts.add(root[1]);
          else if (IAM_PRINCIPAL_ARN.test(name)) arns.add(name);
          else throw invalid();
        } else if (type === 'Service') {
          if (!SERVICE_NAME.test(name)) throw invalid();
          services.add(name.toLowerCase());
        } else if (name === '') throw invalid();
        // Federated and CanonicalUser principals are valid grammar, but Berth has no such callers:
        // they are accepted and never match.
      }
    }
    return new PrincipalElement(anyone, accounts, arns, services);
  }

  match(principal: RequestPrincipal): PrincipalMatch {
    if (this.anyone) return 'direct';
    if (principal.service !== undefined) return this.services.has(principal.service.toLowerCase()) ? 'direct' : 'none';
    if (principal.anonymous) return 'none';
    if (this.arns.has(principal.arn)) return 'direct';
    if (this.accounts.has(principal.accountId)) return principal.isRoot ? 'direct' : 'account';
    return 'none';
  }
}

/** A string or a list of strings, the shape of every list in the policy grammar. */
export function stringList(value: unknown, where: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    throw policyError(policyReasons.syntax, `${where} must be a string or a list of strings`);
  }
  return list as string[];
}
