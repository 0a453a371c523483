// The repository a tagging operation's `resourceArn` names. ECR's only taggable resource is a
// repository of the caller's own registry, in this region: anything else (not an ARN, another
// resource type, another region or account, a name ECR would not accept) is InvalidParameterException
// worded as ECR words it for ListTagsForResource (getmoto/moto, moto/ecr/models.py
// `_parse_resource_arn` and its test_list_tags_for_resource_error_invalid_param).
import { parseRepositoryArn } from '../../../domain/arn.js';
import { RegistryError, isRegistryError } from '../../../domain/registry-error.js';
import { repositoryAddress, type RepositoryAddress } from '../../../registry/repository-address.js';
import type { EcrContext, OperationAccess } from '../ecr-context.js';

export function repositoryOfArn(resourceArn: string, context: EcrContext): RepositoryAddress {
  const parsed = parseRepositoryArn(resourceArn);
  if (!parsed || parsed.region !== context.deployment.region || parsed.accountId !== context.principal.accountId) throw invalidArn();
  try {
    return repositoryAddress(parsed.accountId, parsed.name);
  } catch (error) {
    if (isRegistryError(error, 'repository-name-invalid')) throw invalidArn();
    throw error;
  }
}

/** The access of a tagging operation: the repository its ARN names. */
export function repositoryAccessOfArn(resourceArn: string, context: EcrContext): OperationAccess {
  const address = repositoryOfArn(resourceArn, context);
  return { resource: { kind: 'repository', registryId: address.registryId, name: address.name } };
}

function invalidArn(): RegistryError {
  return new RegistryError('invalid-parameter', "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'");
}
