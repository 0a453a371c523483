// Content digests, as the OCI image spec defines them (descriptor.md#digests):
//   digest    ::= algorithm ":" encoded
//   algorithm ::= component (separator component)*      component ::= [a-z0-9]+   separator ::= [+._-]
//   encoded   ::= [a-zA-Z0-9=_-]+
// Berth computes and verifies sha256 and sha512 (the two registered algorithms); a well-formed digest
// of another algorithm is still rejected, because its content could never be verified.
import { createHash } from 'node:crypto';
import { RegistryError } from './registry-error.js';

export type DigestAlgorithm = 'sha256' | 'sha512';

export interface Digest {
  readonly algorithm: DigestAlgorithm;
  /** Lower-case hex. */
  readonly hex: string;
  /** `algorithm:hex`, the form on the wire. */
  readonly value: string;
}

const grammar = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const hexLength: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };

export function isDigestAlgorithm(value: string): value is DigestAlgorithm {
  return value === 'sha256' || value === 'sha512';
}

/** Parses a digest from the wire, or throws `digest-invalid` saying exactly what is wrong. */
export function parseDigest(text: string): Digest {
  if (!grammar.test(text)) throw new RegistryError('digest-invalid', `invalid digest "${text}": not algorithm:encoded`);
  const colon = text.indexOf(':');
  const algorithm = text.slice(0, colon);
  const hex = text.slice(colon + 1);
  if (!isDigestAlgorithm(algorithm)) {
    throw new RegistryError('digest-invalid', `unsupported digest algorithm "${algorithm}": use sha256 or sha512`);
  }
  if (hex.length !== hexLength[algorithm] || !/^[a-f0-9]+$/.test(hex)) {
    throw new RegistryError('digest-invalid', `invalid ${algorithm} digest "${text}": expected ${hexLength[algorithm]} lower-case hex characters`);
  }
  return { algorithm, hex, value: text };
}

/** Whether `text` is a digest Berth can verify (what parseDigest accepts), without throwing. */
export function isValidDigest(text: string): boolean {
  try {
    parseDigest(text);
    return true;
  } catch {
    return false;
  }
}

/** True when the text looks like a digest rather than a tag (tags never contain a colon). */
export function looksLikeDigest(text: string): boolean {
  return text.includes(':');
}

export function digestFromHex(algorithm: DigestAlgorithm, hex: string): Digest {
  return { algorithm, hex, value: `${algorithm}:${hex}` };
}

/** Digest of bytes already in memory (manifests, configs): never used for blob streams. */
export function digestOf(bytes: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): Digest {
  return digestFromHex(algorithm, createHash(algorithm).update(bytes).digest('hex'));
}
