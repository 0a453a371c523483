// Registry aliases (ECR Public, service-2.json RegistryAliasName): the first path segment of every
// public image URI, `<public registry host>/<alias>/<repository>`. ECR gives each account a random
// default alias when it first uses its public registry; Berth does the same, and its aliases never
// change, because they are part of every stored public repository name (public-repository-name.ts).
// An alias starts with a letter, so it can never be mistaken for a 12-digit account id: the
// RegistryIdOrAlias parameters of the layer and image operations accept either.
import { randomBytes } from 'node:crypto';

export type RegistryAliasStatus = 'ACTIVE' | 'PENDING' | 'REJECTED';

export interface RegistryAlias {
  name: string;
  accountId: string;
  status: RegistryAliasStatus;
  /** Shown in repository URIs and on the gallery. */
  primary: boolean;
  /** The one assigned by the registry itself. */
  isDefault: boolean;
  createdAt: number;
}

const aliasPattern = /^[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const registryAliasLength = { min: 2, max: 50 } as const;

export function isRegistryAlias(text: string): boolean {
  return text.length >= registryAliasLength.min && text.length <= registryAliasLength.max && aliasPattern.test(text);
}

const letters = 'abcdefghijklmnopqrstuvwxyz';
const lettersAndDigits = `${letters}0123456789`;

/** A fresh default alias: a letter then seven letters or digits (about 2^41 names), like ECR's `a1b2c3d4`. */
export function newDefaultAliasName(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(8);
  let name = letters[bytes[0]! % letters.length]!;
  for (let i = 1; i < 8; i++) name += lettersAndDigits[bytes[i]! % lettersAndDigits.length];
  return name;
}
