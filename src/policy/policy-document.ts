// A parsed policy document: every statement compiled into matchers, so evaluating a request does
// no parsing and builds no pattern. Parse once when the policy is written or loaded; keep the
// PolicyDocument as long as the policy text does not change.
import type { RequestPrincipal } from './access-request.js';
import type { ActionElement, ResourceElement } from './action-resource-elements.js';
import type { CompiledCondition } from './condition-block.js';
import type { PrincipalElement, PrincipalMatch } from './principal-element.js';
import type { RequestContext } from './request-context.js';

/** identity: attached to a user or group, no Principal, Resource required. resource: Principal required. */
export type PolicyKind = 'identity' | 'resource';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export interface PolicyDocument {
  readonly kind: PolicyKind;
  /** The policy language version; absent means 2008-10-17, where `${…}` is literal text. */
  readonly version: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
}

export type Effect = 'Allow' | 'Deny';

/** One statement, compiled. `principal` is absent in identity policies (they apply to their holder). */
export class PolicyStatement {
  constructor(
    readonly index: number,
    readonly sid: string | undefined,
    readonly effect: Effect,
    readonly principal: { element: PrincipalElement; negated: boolean } | undefined,
    readonly action: { element: ActionElement; negated: boolean },
    /** Absent only in repository policies, which apply to the repository they are set on. */
    readonly resource: { element: ResourceElement; negated: boolean } | undefined,
    readonly conditions: readonly CompiledCondition[],
  ) {}

  /** The name decisions report: the Sid, or the statement's position. */
  get label(): string {
    return this.sid !== undefined && this.sid !== '' ? this.sid : `Statement[${this.index}]`;
  }

  /** Action/NotAction against the request's action, already lower-case. Cheapest test: run first. */
  appliesToAction(action: string): boolean {
    return this.action.element.matches(action) !== this.action.negated;
  }

  /**
   * How the statement's Principal/NotPrincipal covers the caller. NotPrincipal applies to every
   * principal it does not list, directly. Identity statements apply directly to their holder.
   */
  principalMatch(principal: RequestPrincipal): PrincipalMatch {
    if (this.principal === undefined) return 'direct';
    const match = this.principal.element.match(principal);
    if (!this.principal.negated) return match;
    return match === 'none' ? 'direct' : 'none';
  }

  appliesToResource(resource: string, context: RequestContext): boolean {
    if (this.resource === undefined) return true;
    return this.resource.element.matches(resource, context.variable) !== this.resource.negated;
  }

  conditionsHold(context: RequestContext): boolean {
    return this.conditions.every((condition) => condition.holds(context));
  }
}
