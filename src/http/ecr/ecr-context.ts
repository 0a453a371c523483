// What every ECR operation receives: the verified caller, the services, and how this deployment
// names itself (region, registry host). Nothing global.
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import { RegistryError } from '../../domain/registry-error.js';
import type { IdentityService } from '../../identity/identity-service.js';
import type { Principal } from '../../identity/principal.js';
import type { LifecyclePolicyService } from '../../registry/lifecycle/lifecycle-policy-service.js';
import type { LifecyclePreviewService } from '../../registry/lifecycle/lifecycle-preview-service.js';
import { repositoryAddress, type RepositoryAddress } from '../../registry/repository-address.js';
import type { RegistryServices } from '../../registry/registry-services.js';

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
  /** Host and scheme the request came in on, for URIs when no registry host is configured. */
  requestHost: string;
  requestScheme: 'http' | 'https';
}

export interface EcrOperation<Input = any, Output = unknown> {
  name: string;
  run(input: Input, context: EcrContext): Promise<Output>;
}

/**
 * The registry (account) an operation addresses: `registryId` when given, else the caller's own.
 * Until repository and registry policies exist, a caller acts only on its own account.
 */
export function targetRegistry(context: EcrContext, registryId: string | undefined): string {
  const target = registryId ?? context.principal.accountId;
  if (target !== context.principal.accountId) {
    throw new RegistryError('access-denied', `User: ${context.principal.arn} is not authorized to access the registry with id '${target}'`);
  }
  return target;
}

/** The repository an operation names (`registryId` + `repositoryName`), in the caller's reach. */
export function targetRepository(context: EcrContext, input: { registryId?: string; repositoryName: string }): RepositoryAddress {
  return repositoryAddress(targetRegistry(context, input.registryId), input.repositoryName);
}

/** host[:port] of an account's registry: the plain host for the default account, `<account>.dkr.ecr.<region>.<host>` otherwise. */
export function registryHostOf(context: EcrContext, accountId: string): string {
  const host = context.deployment.registryHost ?? context.requestHost;
  return accountId === context.deployment.defaultAccountId ? host : `${accountId}.dkr.ecr.${context.deployment.region}.${host}`;
}
