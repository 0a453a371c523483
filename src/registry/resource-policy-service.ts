// Repository and registry policies as ECR manages them (SetRepositoryPolicy, PutRegistryPolicy and
// their Get/Delete): every document is parsed when written and refused with ECR's
// InvalidParameterException and the reason, so a bad document never replaces the policy in force.
// Registry policies are parsed under the account's REGISTRY_POLICY_SCOPE (V2 unless set).
import { RegistryError } from '../domain/registry-error.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';
import type { AccountSettingsService } from './account-settings-service.js';
import type { ResourcePolicyStore } from '../metadata/resource-policy-store.js';
import {
  ecrInvalidPolicyMessage,
  parseRegistryPolicy,
  parseRepositoryPolicy,
  PolicyDocumentError,
  type EcrPolicyTarget,
  type PolicyDocument,
  type RegistryPolicyScope,
} from '../policy/index.js';

export interface SetRepositoryPolicyOptions {
  /** Runs on the parsed document before it is stored; throws to refuse it (SetRepositoryPolicy's lock-out check). */
  beforeStore?: (document: PolicyDocument) => Promise<void>;
}

export class ResourcePolicyService {
  constructor(
    private readonly policies: ResourcePolicyStore,
    private readonly repositories: RepositoryResolver,
    private readonly accountSettings: AccountSettingsService,
    private readonly now: () => number,
  ) {}

  /** Sets or replaces the repository's policy; returns the text now in force. */
  async setRepositoryPolicy(address: RepositoryAddress, policyText: string, options: SetRepositoryPolicyOptions = {}): Promise<string> {
    const repository = await this.repositories.existing(address);
    const document = parsed(() => parseRepositoryPolicy(policyText), 'repository');
    await options.beforeStore?.(document);
    await this.policies.putRepositoryPolicy(repository.id, policyText, this.now());
    return policyText;
  }

  async getRepositoryPolicy(address: RepositoryAddress): Promise<string> {
    const repository = await this.repositories.existing(address);
    const text = await this.policies.getRepositoryPolicy(repository.id);
    if (text === undefined) throw repositoryPolicyNotFound(address);
    return text;
  }

  /** Removes the repository's policy; returns the text it had. */
  async deleteRepositoryPolicy(address: RepositoryAddress): Promise<string> {
    const repository = await this.repositories.existing(address);
    const text = await this.policies.deleteRepositoryPolicy(repository.id);
    if (text === undefined) throw repositoryPolicyNotFound(address);
    return text;
  }

  /** Sets or replaces the account's registry policy; returns the text now in force. */
  async putRegistryPolicy(accountId: string, policyText: string): Promise<string> {
    const scope = await this.registryPolicyScope(accountId);
    parsed(() => parseRegistryPolicy(policyText, scope), 'registry');
    await this.policies.putRegistryPolicy(accountId, policyText, this.now());
    return policyText;
  }

  async getRegistryPolicy(accountId: string): Promise<string> {
    const text = await this.policies.getRegistryPolicy(accountId);
    if (text === undefined) throw registryPolicyNotFound(accountId);
    return text;
  }

  async deleteRegistryPolicy(accountId: string): Promise<string> {
    const text = await this.policies.deleteRegistryPolicy(accountId);
    if (text === undefined) throw registryPolicyNotFound(accountId);
    return text;
  }

  /** The account's REGISTRY_POLICY_SCOPE setting (account-settings-service.ts). */
  async registryPolicyScope(accountId: string): Promise<RegistryPolicyScope> {
    return (await this.accountSettings.get(accountId, 'REGISTRY_POLICY_SCOPE')).value === 'V1' ? 'V1' : 'V2';
  }
}

/** The document, or ECR's InvalidParameterException with the reason it was refused. */
function parsed(parse: () => PolicyDocument, target: EcrPolicyTarget): PolicyDocument {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PolicyDocumentError) throw new RegistryError('invalid-parameter', ecrInvalidPolicyMessage(error, target));
    throw error;
  }
}

// Messages as ECR words them (reproduced by moto, moto/ecr/exceptions.py).
function repositoryPolicyNotFound(address: RepositoryAddress): RegistryError {
  return new RegistryError(
    'repository-policy-not-found',
    `Repository policy does not exist for the repository with name '${address.name}' in the registry with id '${address.registryId}'`,
  );
}

function registryPolicyNotFound(accountId: string): RegistryError {
  return new RegistryError('registry-policy-not-found', `Registry policy does not exist in the registry with id '${accountId}'`);
}
