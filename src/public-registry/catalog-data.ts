// Catalog data: what the ECR Public Gallery shows about a repository and a registry (service-2.json
// RepositoryCatalogDataInput, RegistryCatalogData; ecr-behaviour.md §10). The API checks the model's
// sizes before anything reaches here; the same limits are checked again so that no other caller can
// store more (the logo, stored in the database, is bounded at 512,000 bytes).
import { RegistryError } from '../domain/registry-error.js';

export interface RepositoryLogo {
  bytes: Buffer;
  /** Sniffed from the bytes when stored; the gallery serves the logo with it. */
  mediaType: string;
}

export interface RepositoryCatalogData {
  description?: string;
  aboutText?: string;
  usageText?: string;
  architectures: string[];
  operatingSystems: string[];
  logo?: RepositoryLogo;
  updatedAt: number;
}

/** What CreateRepository and PutRepositoryCatalogData send: members left out keep their stored value. */
export interface CatalogDataChange {
  description?: string;
  aboutText?: string;
  usageText?: string;
  architectures?: string[];
  operatingSystems?: string[];
  /** The logo's bytes; zero bytes removes the logo. */
  logo?: Buffer;
}

export const catalogDataLimits = {
  descriptionChars: 1024,
  markdownChars: 25_600,
  badgeChars: 50,
  badgesPerList: 50,
  logoBytes: 512_000,
  displayNameChars: 100,
} as const;

/** The badges the gallery shows and filters by; other values are stored but not discoverable (as on ECR). */
export const galleryArchitectures: readonly string[] = ['ARM', 'ARM 64', 'x86', 'x86-64'];
export const galleryOperatingSystems: readonly string[] = ['Linux', 'Windows'];

/**
 * The stored catalog data after a change. Empty text, an empty list or an empty logo clears that member:
 * "creates or updates" (PutRepositoryCatalogData) is read as a merge, so updating a description does
 * not drop a logo sent earlier.
 */
export function applyCatalogDataChange(current: RepositoryCatalogData | undefined, change: CatalogDataChange, now: number): RepositoryCatalogData {
  checkCatalogDataChange(change);
  const text = (next: string | undefined, previous: string | undefined) => (next === undefined ? previous : next === '' ? undefined : next);
  const description = text(change.description, current?.description);
  const aboutText = text(change.aboutText, current?.aboutText);
  const usageText = text(change.usageText, current?.usageText);
  const logo = change.logo === undefined ? current?.logo : change.logo.length === 0 ? undefined : { bytes: change.logo, mediaType: logoMediaType(change.logo) };
  return {
    ...(description !== undefined && { description }),
    ...(aboutText !== undefined && { aboutText }),
    ...(usageText !== undefined && { usageText }),
    architectures: change.architectures ?? current?.architectures ?? [],
    operatingSystems: change.operatingSystems ?? current?.operatingSystems ?? [],
    ...(logo !== undefined && { logo }),
    updatedAt: now,
  };
}

function checkCatalogDataChange(change: CatalogDataChange): void {
  const limits = catalogDataLimits;
  checkLength('description', change.description, limits.descriptionChars);
  checkLength('aboutText', change.aboutText, limits.markdownChars);
  checkLength('usageText', change.usageText, limits.markdownChars);
  for (const [member, list] of [['architectures', change.architectures], ['operatingSystems', change.operatingSystems]] as const) {
    if (list === undefined) continue;
    if (list.length > limits.badgesPerList) invalid(member, `at most ${limits.badgesPerList} values`);
    for (const value of list) {
      if (value.length === 0 || [...value].length > limits.badgeChars) invalid(member, `each value 1 to ${limits.badgeChars} characters`);
    }
  }
  if (change.logo !== undefined && change.logo.length > limits.logoBytes) invalid('logoImageBlob', `at most ${limits.logoBytes} bytes`);
}

export function checkDisplayName(displayName: string): string {
  checkLength('displayName', displayName, catalogDataLimits.displayNameChars);
  return displayName;
}

function checkLength(member: string, value: string | undefined, maxChars: number): void {
  if (value !== undefined && [...value].length > maxChars) invalid(member, `at most ${maxChars} characters`);
}

function invalid(member: string, constraint: string): never {
  throw new RegistryError('invalid-parameter', `Invalid parameter at '${member}' failed to satisfy constraint: '${constraint}'`);
}

/** The image type of a logo by its magic bytes (PNG, JPEG, GIF, WebP, SVG), else a download. */
export function logoMediaType(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  const head = bytes.subarray(0, 256).toString('utf8').trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return 'application/octet-stream';
}
