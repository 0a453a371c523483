// The public repository a tagging operation's `resourceArn` names: arn:aws:ecr-public::<account>:
// repository/<name> of the caller's own account. Anything else is InvalidParameterException in
// ECR's words (see ../../ecr/operations/repository-arn.ts).
import { RegistryError, isRegistryError } from '../../../domain/registry-error.js';
import { parsePublicRepositoryArn } from '../../../public-registry/public-arn.js';
import type { PublicRepositoryRef } from '../../../public-registry/public-repository-service.js';
import type { EcrPublicContext } from '../ecr-public-context.js';

export async function repositoryOfArn(resourceArn: string, context: EcrPublicContext): Promise<PublicRepositoryRef> {
  const parsed = parsePublicRepositoryArn(resourceArn);
  if (!parsed || parsed.accountId !== context.principal.accountId) throw invalidArn();
  try {
    return await context.ecrPublic.repositories.ref(parsed.accountId, parsed.name);
  } catch (error) {
    if (isRegistryError(error, 'repository-name-invalid')) throw invalidArn();
    throw error;
  }
}

function invalidArn(): RegistryError {
  return new RegistryError('invalid-parameter', "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'");
}
