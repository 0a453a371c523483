// The one enforcement point both HTTP surfaces ask before acting: may this principal perform this
// `ecr:` action on this resource, given the caller's identity policies, the repository's policy and
// the registry policy of the resource's account? The decision is the policy engine's
// (src/policy/evaluate-access.ts, AWS's evaluation logic); this file gathers what it needs, keeps
// parsed documents by text (parsed-policies.ts) and words a refusal as ECR does
// (denial-message.ts).
//
// Cost per request: the repository, its policy, the registry policy and its scope come from the read
// cache (absent ones too); a root caller has no identity policies to read; a user's come from the
// IdentityPolicySource (which the composition root caches); resource tags are read only when a
// policy's conditions mention them. No text is parsed twice.
import { repositoryArn } from '../domain/arn.js';
import { RegistryError } from '../domain/registry-error.js';
import type { Principal } from '../identity/principal.js';
import {
  evaluateAccess,
  type AccessDecision,
  type AccessRequest,
  type ApplicablePolicies,
  type ContextValue,
  type PolicyDocument,
  type RequestPrincipal,
} from '../policy/index.js';
import type { AccessFacts } from './access-facts.js';
import { denialMessage } from './denial-message.js';
import { ParsedPolicies, type ParsedPolicy } from './parsed-policies.js';

/** What an action is performed on. */
export type AccessResource =
  /** One repository: its policy and its account's registry policy apply. */
  | { kind: 'repository'; registryId: string; name: string }
  /** Every repository of a registry at once (DescribeRepositories without names, /v2/_catalog): `…:repository/*`. */
  | { kind: 'repositories'; registryId: string }
  /** The registry itself (account settings, the registry policy, DescribeRegistry): resource `*`. */
  | { kind: 'registry'; registryId: string }
  /**
   * Nothing but the caller's own identity policies decide, in its own account: GetAuthorizationToken
   * (resource `*`), and IAM actions on the caller's account's IAM resources (`arn`).
   */
  | { kind: 'identity-only'; arn?: string };

export interface AccessCheck {
  principal: Principal;
  /** The IAM action, `ecr:<Operation>`. */
  action: string;
  resource: AccessResource;
  /** The request's context keys (aws:SourceIp, aws:SecureTransport, aws:RequestTag/…, aws:TagKeys). */
  context?: Record<string, ContextValue>;
  /** Decide as if the repository's policy were this one (SetRepositoryPolicy's lock-out check). */
  repositoryPolicy?: PolicyDocument;
}

export interface AuthorizerOptions {
  /** The region in every ARN. */
  region: string;
  facts: AccessFacts;
  parsed?: ParsedPolicies;
}

export class Authorizer {
  private readonly parsed: ParsedPolicies;

  constructor(private readonly options: AuthorizerOptions) {
    this.parsed = options.parsed ?? new ParsedPolicies();
  }

  /** Returns when allowed; throws `access-denied` with ECR's message otherwise. */
  async authorize(check: AccessCheck): Promise<void> {
    const { request, policies, decision } = await this.evaluate(check);
    if (decision.allowed) return;
    throw new RegistryError('access-denied', denialMessage(request, decision, () => identitySideAllows(request, policies)));
  }

  async isAllowed(check: AccessCheck): Promise<boolean> {
    return (await this.evaluate(check)).decision.allowed;
  }

  /** The ARN an action on the resource is decided against, as AWS spells it. */
  resourceArn(resource: AccessResource): string {
    switch (resource.kind) {
      case 'repository':
        return repositoryArn(this.options.region, resource.registryId, resource.name);
      case 'repositories':
        return repositoryArn(this.options.region, resource.registryId, '*');
      case 'registry':
        return '*';
      case 'identity-only':
        return resource.arn ?? '*';
    }
  }

  private async evaluate(check: AccessCheck): Promise<{ request: AccessRequest; policies: ApplicablePolicies; decision: AccessDecision }> {
    const { principal, resource } = check;
    const resourceAccountId = resource.kind === 'identity-only' ? principal.accountId : resource.registryId;
    const [identity, repository, registry] = await Promise.all([
      principal.kind === 'user' ? this.options.facts.identityPolicies(principal) : [],
      resource.kind === 'repository' ? this.options.facts.repository(resource.registryId, resource.name) : undefined,
      resource.kind === 'identity-only' ? undefined : this.options.facts.registryPolicy(resourceAccountId),
    ]);
    const identityPolicies = identity.map((text) => this.parsed.get('identity', text));
    const repositoryPolicy: ParsedPolicy | undefined =
      check.repositoryPolicy !== undefined
        ? { document: check.repositoryPolicy, readsResourceTags: true }
        : repository?.policyText !== undefined
          ? this.parsed.get('repository', repository.policyText)
          : undefined;
    const registryPolicy = registry && this.parsed.get('registry', registry.policyText);

    const context: Record<string, ContextValue> = { ...check.context };
    const readsTags = [...identityPolicies, repositoryPolicy, registryPolicy].some((policy) => policy?.readsResourceTags);
    if (readsTags && repository !== undefined) {
      for (const tag of await this.options.facts.resourceTags(repository.repositoryId)) context[`ecr:ResourceTag/${tag.key}`] = tag.value;
    }
    const request: AccessRequest = {
      principal: requestPrincipal(principal),
      action: check.action,
      resource: this.resourceArn(resource),
      resourceAccountId,
      context,
    };
    const policies: ApplicablePolicies = {
      identityPolicies: identityPolicies.map((policy) => policy.document),
      ...(repositoryPolicy && { resourcePolicy: repositoryPolicy.document }),
      ...(registryPolicy && { registryPolicy: registryPolicy.document, registryPolicyScope: registry!.scope }),
    };
    return { request, policies, decision: evaluateAccess(request, policies) };
  }
}

function requestPrincipal(principal: Principal): RequestPrincipal {
  if (principal.kind === 'root') return { accountId: principal.accountId, arn: principal.arn, userId: principal.accountId, isRoot: true };
  return { accountId: principal.accountId, arn: principal.arn, userName: principal.userName, userId: principal.userId, isRoot: false };
}

/** Whether the caller's own side allows the action (its identity policies, or being root): what a cross-account refusal names. */
function identitySideAllows(request: AccessRequest, policies: ApplicablePolicies): boolean {
  const ownAccount = { ...request, resourceAccountId: request.principal.accountId };
  return evaluateAccess(ownAccount, { identityPolicies: policies.identityPolicies }).allowed;
}
