// Content descriptors (OCI image spec descriptor.md): what a manifest says about the content it points at.
import { parseDigest } from '../digest.js';
import { RegistryError } from '../registry-error.js';

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  sizeBytes: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function invalid(message: string): RegistryError {
  return new RegistryError('manifest-invalid', message);
}

export function readAnnotations(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || Object.values(value).some((entry) => typeof entry !== 'string')) {
    throw invalid(`${where}.annotations must be a map of strings`);
  }
  return value as Record<string, string>;
}

/** Validates one descriptor; `where` names it in the error (e.g. `layers[2]`). */
export function readDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw invalid(`${where} must be a descriptor object`);
  const { mediaType, digest, size, artifactType, urls, platform } = value;
  if (typeof mediaType !== 'string' || mediaType.length === 0) throw invalid(`${where}.mediaType is required`);
  if (typeof digest !== 'string') throw invalid(`${where}.digest is required`);
  try {
    parseDigest(digest);
  } catch (error) {
    throw invalid(`${where}.digest: ${(error as Error).message}`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalid(`${where}.size must be a non-negative integer`);
  }
  if (artifactType !== undefined && typeof artifactType !== 'string') throw invalid(`${where}.artifactType must be a string`);
  if (urls !== undefined && (!Array.isArray(urls) || urls.some((url) => typeof url !== 'string'))) {
    throw invalid(`${where}.urls must be a list of strings`);
  }
  const descriptor: Descriptor = { mediaType, digest, sizeBytes: size };
  if (artifactType !== undefined) descriptor.artifactType = artifactType;
  const annotations = readAnnotations(value.annotations, where);
  if (annotations) descriptor.annotations = annotations;
  if (urls !== undefined) descriptor.urls = urls as string[];
  if (platform !== undefined) descriptor.platform = readPlatform(platform, where);
  return descriptor;
}

function readPlatform(value: unknown, where: string): Platform {
  if (!isObject(value) || typeof value.architecture !== 'string' || typeof value.os !== 'string') {
    throw invalid(`${where}.platform needs architecture and os strings`);
  }
  const platform: Platform = { architecture: value.architecture, os: value.os };
  if (typeof value.variant === 'string') platform.variant = value.variant;
  return platform;
}

export function readDescriptorList(value: unknown, where: string): Descriptor[] {
  if (!Array.isArray(value)) throw invalid(`${where} must be a list of descriptors`);
  return value.map((entry, index) => readDescriptor(entry, `${where}[${index}]`));
}
