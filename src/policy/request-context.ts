// The request context as conditions and policy variables see it: keys case-insensitive (AWS
// condition key names are), the principal's keys derived from the authenticated principal, the
// clock read only if a condition asks for it. Built lazily: a request whose policies have no
// condition and no variable never builds the map.
import type { AccessRequest, ContextValue } from './access-request.js';
import { parsePolicyDate } from './policy-date.js';

export class RequestContext {
  private values: Map<string, ContextValue> | undefined;

  constructor(private readonly request: AccessRequest) {}

  /** The value of a context key; `key` is already lower-case (conditions are compiled that way). */
  get(key: string): ContextValue {
    this.values ??= this.build();
    const value = this.values.get(key);
    if (value !== undefined || !key.endsWith('time')) return value;
    return this.clock(key);
  }

  /** A policy variable's value: single-valued keys only, as AWS allows. */
  readonly variable = (key: string): string | undefined => {
    const value = this.get(key);
    if (value === undefined || Array.isArray(value)) return undefined;
    return String(value);
  };

  private build(): Map<string, ContextValue> {
    const values = new Map<string, ContextValue>();
    for (const [key, value] of Object.entries(this.request.context)) {
      if (value === undefined) continue;
      const lower = key.toLowerCase();
      values.set(lower, value);
      // ECR documents both prefixes for repository tags (ecr:ResourceTag/…, aws:ResourceTag/…).
      if (lower.startsWith('ecr:resourcetag/')) values.set(`aws:${lower.slice(4)}`, value);
      else if (lower.startsWith('aws:resourcetag/')) values.set(`ecr:${lower.slice(4)}`, value);
    }
    for (const [key, value] of principalKeys(this.request)) {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
    }
    return values;
  }

  /**
   * aws:CurrentTime and aws:EpochTime are two spellings of one instant: either is derived from the
   * other when the caller gave one, and both from the clock when the caller gave neither.
   */
  private clock(key: string): ContextValue {
    if (key !== 'aws:currenttime' && key !== 'aws:epochtime') return undefined;
    const values = this.values!;
    const given = values.get('aws:currenttime') ?? values.get('aws:epochtime');
    const instantMs = given === undefined || Array.isArray(given) ? Date.now() : parsePolicyDate(String(given));
    if (instantMs === undefined) return undefined;
    if (!values.has('aws:currenttime')) values.set('aws:currenttime', new Date(instantMs).toISOString());
    if (!values.has('aws:epochtime')) values.set('aws:epochtime', String(Math.floor(instantMs / 1000)));
    return values.get(key);
  }
}

/** Keys AWS fills in from the authenticated principal; a caller-supplied value never wins. */
function principalKeys(request: AccessRequest): Array<[string, ContextValue]> {
  const { principal } = request;
  if (principal.service !== undefined) {
    return [
      ['aws:principalisawsservice', 'true'],
      ['aws:principalservicename', principal.service],
      ['aws:principalaccount', undefined],
      ['aws:principalarn', undefined],
      ['aws:principaltype', undefined],
      ['aws:username', undefined],
      ['aws:userid', undefined],
    ];
  }
  if (principal.anonymous) {
    return [
      ['aws:principaltype', 'Anonymous'],
      ['aws:principalisawsservice', 'false'],
      ['aws:principalaccount', undefined],
      ['aws:principalarn', undefined],
      ['aws:username', undefined],
      ['aws:userid', 'anonymous'],
    ];
  }
  return [
    ['aws:principalaccount', principal.accountId],
    ['aws:principalarn', principal.arn],
    ['aws:principaltype', principal.isRoot ? 'Account' : 'User'],
    ['aws:principalisawsservice', 'false'],
    ['aws:username', principal.isRoot ? undefined : principal.userName],
    ['aws:userid', principal.isRoot ? principal.accountId : principal.userId],
  ];
}
