// Repository names and tags.
// Repository names follow ECR's rule (service-2.json shape RepositoryName: 2–256 characters and the
// OCI name pattern applied to the whole name); tags follow the OCI distribution spec ("Pulling manifests").
import { RegistryError } from './registry-error.js';

const repositoryNamePattern = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const tagPattern = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

export const repositoryNameLengthBytes = { min: 2, max: 256 } as const;

export function validateRepositoryName(name: string): string {
  if (name.length < repositoryNameLengthBytes.min || name.length > repositoryNameLengthBytes.max) {
    throw new RegistryError(
      'repository-name-invalid',
      `invalid repository name "${name.slice(0, 64)}${name.length > 64 ? '…' : ''}": must be ${repositoryNameLengthBytes.min} to ${repositoryNameLengthBytes.max} characters`,
      { name: name.slice(0, 300) },
    );
  }
  if (!repositoryNamePattern.test(name)) {
    throw new RegistryError(
      'repository-name-invalid',
      `invalid repository name "${name}": lower-case letters, digits and separators (. _ __ - /) between them`,
      { name },
    );
  }
  return name;
}

export function isValidTag(tag: string): boolean {
  return tagPattern.test(tag);
}

export function validateTag(tag: string): string {
  if (!isValidTag(tag)) {
    throw new RegistryError('tag-invalid', `invalid tag "${tag.slice(0, 200)}": must match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`, { tag: tag.slice(0, 200) });
  }
  return tag;
}
