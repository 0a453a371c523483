// Access key ids and secrets in AWS's shapes: `AKIA` + 16 characters of [A-Z2-7], and a
// 40-character secret, so tools that check the format accept them. IAM's unique ids carry a prefix
// naming the kind of entity (IAM User Guide, "Unique identifiers"): AIDA users, AGPA groups, ANPA
// managed policies.
import { randomBytes, randomInt } from 'node:crypto';

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomFrom(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

export function newAccessKeyId(): string {
  return `AKIA${randomFrom(base32, 16)}`;
}

export function newSecretAccessKey(): string {
  // 30 random bytes are exactly 40 base64 characters; '+' and '/' appear in AWS secrets too.
  return randomBytes(30).toString('base64');
}

/** IAM's unique user ids: `AIDA` + 17 characters. */
export function newUserId(): string {
  return `AIDA${randomFrom(base32, 17)}`;
}

export function newGroupId(): string {
  return `AGPA${randomFrom(base32, 17)}`;
}

export function newPolicyId(): string {
  return `ANPA${randomFrom(base32, 17)}`;
}

export function newAccountId(): string {
  return String(randomInt(100_000, 1_000_000)) + String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export const accessKeyIdPattern = /^AKIA[A-Z2-7]{16}$/;
