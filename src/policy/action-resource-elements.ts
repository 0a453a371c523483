// Action/NotAction and Resource/NotResource (IAM User Guide, "Action", "Resource"). Actions are
// `service:Name`, matched case-insensitively, with `*` and `?`; resources are ARNs matched
// case-sensitively as a whole with `*` and `?` (a trailing `*` in a segment may run past colons),
// and may use policy variables. Both are validated at write time with IAM's reasons.
import { policyError, policyReasons } from './policy-document-error.js';
import { WildcardPattern, type VariableLookup } from './wildcard-pattern.js';

const VENDOR = /^[a-zA-Z0-9.-]+$/;

export class ActionElement {
  private constructor(
    /** The actions as written. */
    readonly actions: readonly string[],
    private readonly exact: ReadonlySet<string>,
    private readonly patterns: readonly WildcardPattern[],
  ) {}

  static parse(actions: string[], where: string): ActionElement {
    const exact = new Set<string>();
    const patterns: WildcardPattern[] = [];
    for (const action of actions) {
      validateAction(action, where);
      const lower = action.toLowerCase();
      if (lower.includes('*') || lower.includes('?')) {
        patterns.push(WildcardPattern.compile(lower, { wildcards: true, variables: false, ignoreCase: true }));
      } else exact.add(lower);
    }
    return new ActionElement(actions, exact, patterns);
  }

  /** `action` is already lower-case: it is lowered once per request. */
  matches(action: string): boolean {
    if (this.exact.has(action)) return true;
    for (const pattern of this.patterns) if (pattern.matches(action)) return true;
    return false;
  }
}

function validateAction(action: string, where: string): void {
  if (action === '*') return;
  const fail = (reason: string) => policyError(reason, `${where}: ${JSON.stringify(action)}`);
  const parts = action.split(':');
  if (parts.length === 1) throw fail(policyReasons.vendorPrefix);
  if (parts.length > 2) throw fail(policyReasons.oneColon);
  const [vendor, name] = parts;
  if (vendor.includes('*') || vendor.includes('?')) throw fail(policyReasons.vendorWildcard);
  if (!VENDOR.test(vendor)) throw fail(policyReasons.invalidVendor(vendor));
  if (name === '') throw fail(policyReasons.syntax);
}

export class ResourceElement {
  private constructor(
    /** The resources as written. */
    readonly resources: readonly string[],
    private readonly patterns: readonly WildcardPattern[],
  ) {}

  static parse(resources: string[], variables: boolean, where: string): ResourceElement {
    for (const resource of resources) validateResource(resource, where);
    const patterns = resources.map((resource) =>
      WildcardPattern.compile(resource, { wildcards: true, variables, ignoreCase: false }),
    );
    return new ResourceElement(resources, patterns);
  }

  matches(resource: string, variables: VariableLookup): boolean {
    for (const pattern of this.patterns) if (pattern.matches(resource, variables)) return true;
    return false;
  }
}

/** `*` or `arn:aws:<service>:<region>:<account>:<resource>`, the checks IAM applies in its order. */
function validateResource(resource: string, where: string): void {
  if (resource === '*') return;
  const fields = resource.split(':');
  if (fields.length < 2 || fields[0] !== 'arn') throw policyError(policyReasons.resourceFormat(resource), where);
  const partition = fields[1];
  if (partition !== 'aws') {
    const padded = [...fields.slice(2), '*', '*', '*', '*'].slice(0, 4);
    const [service, region, account, rest] = padded.map((field) => (field === '' ? '*' : field));
    throw policyError(
      policyReasons.resourcePartition(partition, `arn:${partition}:${service}:${region}:${account}:${rest}`),
      where,
    );
  }
  const service = fields[2];
  if (service === undefined || service === '' || service.includes('*') || service.includes('?')) {
    throw policyError(policyReasons.resourceVendor, `${where}: ${JSON.stringify(resource)}`);
  }
}
