// What every ECR operation receives: the verified caller, the services, and how this deployment
// names itself (region, registry host). Nothing global.
import type { AccessResource, Authorizer } from '../../access/authorizer.js';
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { Principal } from '../../identity/principal.js';
import type { LifecyclePolicyService } from '../../registry/lifecycle/lifecycle-policy-service.js';
import type { LifecyclePreviewService } from '../../registry/lifecycle/lifecycle-preview-service.js';
import { repositoryAddress, type RepositoryAddress } from '../../registry/repository-address.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import type { ContextValue } from '../../policy/index.js';

export interface EcrDeployment {
  region: string;
  defaultAccountId: string;
  /** The configured registry host, or undefined to use the Host of each request. */
  registryHost?: string;
}

/** Lifecycle policies and their previews (registry/lifecycle/). */
export interface EcrLifecycle {
  policies: LifecyclePolicyService;
  previews: LifecyclePreviewService;
}

export interface EcrContext {
  principal: Principal;
  services: RegistryServices;
  lifecycle: EcrLifecycle;
  identity: IdentityService;
  tokens: AuthorizationTokens;
  deployment: EcrDeployment;
  /** Decides every operation before it runs (the router asks), and what operations ask themselves. */
  authorizer: Authorizer;
  /** The request's own context keys for policy conditions (aws:SourceIp, aws:SecureTransport). */
  requestContext: Record<string, ContextValue>;
  /** Host and scheme the request came in on, for URIs when no registry host is configured. */
  requestHost: string;
  requestScheme: 'http' | 'https';
}

/** What an operation acts on, for the authorizer: the resource and the context keys the request adds. */
export interface OperationAccess {
  resource: AccessResource;
  /** aws:RequestTag/<key> and aws:TagKeys, for operations that carry tags. */
  context?: Record<string, ContextValue>;
}

export interface EcrOperation<Input = any, Output = unknown> {
  name: string;
  /**
   * The resource(s) the IAM action `ecr:<name>` is decided on. The router authorizes every one of
   * them after validating the input and before `run`, so no operation runs undecided.
   */
  access(input: Input, context: EcrContext): OperationAccess | OperationAccess[];
  run(input: Input, context: EcrContext): Promise<Output>;
}

/** The registry (account) an operation addresses: `registryId` when given, else the caller's own. */
export function targetRegistry(context: EcrContext, registryId: string | undefined): string {
  return registryId ?? context.principal.accountId;
}

/** The repository an operation names (`registryId` + `repositoryName`). */
export function targetRepository(context: EcrContext, input: { registryId?: string; repositoryName: string }): RepositoryAddress {
  return repositoryAddress(targetRegistry(context, input.registryId), input.repositoryName);
}

/** The access of an operation on the one repository it names. */
export function repositoryAccess(input: { registryId?: string; repositoryName: string }, context: EcrContext): OperationAccess {
  const address = targetRepository(context, input);
  return { resource: { kind: 'repository', registryId: address.registryId, name: address.name } };
}

/** The access of an operation on the caller's registry as a whole (account settings, registry policy). */
export function registryAccess(_input: unknown, context: EcrContext): OperationAccess {
  return { resource: { kind: 'registry', registryId: context.principal.accountId } };
}

/** aws:RequestTag/<key> for each tag and aws:TagKeys, as AWS sets them for tagging requests. */
export function requestTagContext(tags: { Key: string; Value?: string }[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((tag) => tag.Key) };
  for (const tag of tags) if (tag.Value !== undefined) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}

/** host[:port] of an account's registry: the plain host for the default account, `<account>.dkr.ecr.<region>.<host>` otherwise. */
export function registryHostOf(context: EcrContext, accountId: string): string {
  const host = context.deployment.registryHost ?? context.requestHost;
  return accountId === context.deployment.defaultAccountId ? host : `${accountId}.dkr.ecr.${context.deployment.region}.${host}`;
}
