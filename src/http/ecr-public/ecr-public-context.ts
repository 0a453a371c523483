// What every ECR Public operation receives: the verified caller, the registry services (public
// repositories are repositories of the registry core), the public registry's own services, ECR
// Public's authorization tokens and how the deployment names its public registry. Nothing global.
import type { AuthorizationTokens } from '../../auth/authorization-token.js';
import { RegistryError } from '../../domain/registry-error.js';
import type { Principal } from '../../identity/principal.js';
import type { GalleryService } from '../../public-registry/gallery-service.js';
import type { PublicRegistryService } from '../../public-registry/public-registry-service.js';
import type { PublicRepositoryRef, PublicRepositoryService } from '../../public-registry/public-repository-service.js';
import { publicRegistryId } from '../../public-registry/public-repository-name.js';
import type { RegistryServices } from '../../registry/registry-services.js';
import { publicRegistryHostFor, type PublicRegistryHostOptions } from '../public-registry/public-registry-host.js';

export interface EcrPublicServices {
  registries: PublicRegistryService;
  repositories: PublicRepositoryService;
  gallery: GalleryService;
  /** ECR Public's authorization tokens: sealed with their own key, so ECR's do not work here, nor these there. */
  tokens: AuthorizationTokens;
}

export interface EcrPublicContext {
  principal: Principal;
  services: RegistryServices;
  ecrPublic: EcrPublicServices;
  publicHost: PublicRegistryHostOptions;
  /** Host and scheme the request came in on, for URIs. */
  requestHost: string;
  requestScheme: 'http' | 'https';
}

export interface EcrPublicOperation<Input = any, Output = unknown> {
  name: string;
  run(input: Input, context: EcrPublicContext): Promise<Output>;
}

/**
 * The account an operation addresses: `registryId` (an account id or, where the model says
 * RegistryIdOrAlias, an alias) when given, else the caller's own. Until repository and registry
 * policies are enforced, a caller acts only on its own public registry.
 */
export async function targetAccount(context: EcrPublicContext, registryId: string | undefined): Promise<string> {
  const target = registryId === undefined ? context.principal.accountId : await context.ecrPublic.registries.accountOf(registryId);
  if (target !== context.principal.accountId) {
    throw new RegistryError('access-denied', `User: ${context.principal.arn} is not authorized to access the registry with id '${registryId}'`);
  }
  return target;
}

/** The public repository an operation names (`registryId` + `repositoryName`), in the caller's reach. */
export async function targetRepository(context: EcrPublicContext, input: { registryId?: string; repositoryName: string }): Promise<PublicRepositoryRef> {
  return context.ecrPublic.repositories.ref(await targetAccount(context, input.registryId), input.repositoryName);
}

/** host[:port] of the public registry, as repository and registry URIs spell it. */
export function publicHostOf(context: EcrPublicContext): string {
  return publicRegistryHostFor(context.publicHost, context.requestHost);
}

/**
 * Runs work of the registry core on a public repository, naming the repository and the registry in
 * its errors as the caller does (`app` in `123456789012`), not as the core stores them
 * (`<alias>/app` in `ecr-public`).
 */
export async function inCallerTerms<T>(ref: PublicRepositoryRef, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    const message = error.message.replaceAll(`'${ref.address.name}'`, `'${ref.name}'`).replaceAll(`'${publicRegistryId}'`, `'${ref.accountId}'`);
    throw new RegistryError(error.code, message, error.detail);
  }
}
