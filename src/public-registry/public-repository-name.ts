// Where public repositories live. ECR Public is one registry (public.ecr.aws) whose repositories are
// named `<alias>/<repository>`; Berth keeps them the same way: every public repository is a repository
// of the registry core (metadata-store.ts) in one registry, `publicRegistryId`, named
// `<alias>/<repository>`. So the image, layer and upload services, the /v2/ routes and the read cache
// serve public repositories unchanged, private registries (keyed by account id) never see them, and a
// public and a private repository may share a name, as on AWS. The account that owns a public
// repository is the account of its alias.
import { RegistryError } from '../domain/registry-error.js';
import { isRegistryAlias } from './registry-alias.js';

/** The registry id (a row of `accounts`, created once) every public repository belongs to. */
export const publicRegistryId = 'ecr-public';

// service-2.json RepositoryName: stricter than the private grammar (no `__`, no runs of `-`), and at
// most 205 characters, so that alias (≤ 50) + `/` + name fits the core's 256.
const publicNamePattern = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const publicRepositoryNameLength = { min: 2, max: 205 } as const;

export function validatePublicRepositoryName(name: string): string {
  const { min, max } = publicRepositoryNameLength;
  if (name.length < min || name.length > max || !publicNamePattern.test(name)) {
    throw new RegistryError(
      'repository-name-invalid',
      `invalid public repository name "${name.slice(0, 64)}${name.length > 64 ? '…' : ''}": ${min} to ${max} characters, lower-case letters and digits separated by single . _ - or /`,
      { name: name.slice(0, 300) },
    );
  }
  return name;
}

/** The name the registry core knows a public repository by. */
export function storedRepositoryName(alias: string, name: string): string {
  return `${alias}/${name}`;
}

/** `<alias>/<name>` → its parts, or undefined when the first segment cannot be an alias. */
export function splitStoredRepositoryName(stored: string): { alias: string; name: string } | undefined {
  const slash = stored.indexOf('/');
  if (slash === -1) return undefined;
  const alias = stored.slice(0, slash);
  return isRegistryAlias(alias) ? { alias, name: stored.slice(slash + 1) } : undefined;
}
