// The blob storage a deployment uses, written as one URL (`--storage`, BERTH_STORAGE, the config file):
//   /var/lib/berth/blobs, ./data, file:///var/lib/berth/blobs      the filesystem adapter
//   s3://bucket[/prefix][?endpoint=URL&region=R&forcePathStyle=true&partSizeMiB=N]    the S3 adapter
// S3 credentials never go in the URL: they come from the SDK's standard sources (environment,
// shared config and credentials files, SSO, web identity, instance and container roles).
import { fileURLToPath } from 'node:url';
import type { S3BlobStoreOptions } from './s3/s3-blob-store.js';

export type StorageLocation =
  | { kind: 'filesystem'; root: string }
  /** Everything but the local spill directory, which the composition root chooses. */
  | { kind: 's3'; options: Omit<S3BlobStoreOptions, 'spillDirectory' | 'credentials'> };

export class StorageUrlError extends Error {
  override readonly name = 'StorageUrlError';
}

const s3Parameters = ['endpoint', 'region', 'forcePathStyle', 'partSizeMiB'] as const;
const schemePattern = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const windowsDrivePattern = /^[a-zA-Z]:[\\/]/;

export function parseStorageUrl(text: string): StorageLocation {
  if (text.trim() === '') throw new StorageUrlError('the storage URL is empty');
  const scheme = windowsDrivePattern.test(text) ? undefined : schemePattern.exec(text)?.[1].toLowerCase();
  switch (scheme) {
    case undefined:
      return { kind: 'filesystem', root: text };
    case 'file':
      return { kind: 'filesystem', root: fileRoot(text) };
    case 's3':
      return { kind: 's3', options: s3Options(text) };
    default:
      throw new StorageUrlError(`unsupported storage URL scheme "${scheme}:" in "${text}": use a path, file:///path or s3://bucket/prefix`);
  }
}

function fileRoot(text: string): string {
  try {
    return fileURLToPath(text);
  } catch (error) {
    throw new StorageUrlError(`invalid file URL "${text}": ${(error as Error).message}`);
  }
}

function s3Options(text: string): Extract<StorageLocation, { kind: 's3' }>['options'] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StorageUrlError(`invalid S3 URL "${text}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new StorageUrlError('S3 credentials do not belong in the storage URL: use the standard AWS sources (AWS_ACCESS_KEY_ID, a profile, a role)');
  }
  const bucket = decodeURIComponent(url.hostname);
  if (bucket === '' || url.port !== '') throw new StorageUrlError(`S3 URL "${text}" must name a bucket: s3://bucket/prefix`);
  if (url.hash !== '') throw new StorageUrlError(`S3 URL "${text}" has a fragment`);

  const seen = new Set<string>();
  for (const name of url.searchParams.keys()) {
    if (!(s3Parameters as readonly string[]).includes(name)) {
      throw new StorageUrlError(`unknown S3 URL parameter "${name}": expected ${s3Parameters.join(', ')}`);
    }
    if (seen.has(name)) throw new StorageUrlError(`S3 URL parameter "${name}" is given twice`);
    seen.add(name);
  }
  const parameter = (name: (typeof s3Parameters)[number]) => url.searchParams.get(name) ?? undefined;

  const endpoint = parameter('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new StorageUrlError(`S3 endpoint "${endpoint}" must be an http:// or https:// URL`);
  }
  const region = parameter('region');
  if (region === '') throw new StorageUrlError('S3 region is empty');
  const forcePathStyle = booleanParameter('forcePathStyle', parameter('forcePathStyle'));
  const partSizeMiB = parameter('partSizeMiB');
  let partSizeBytes: number | undefined;
  if (partSizeMiB !== undefined) {
    const mebibytes = Number(partSizeMiB);
    if (!Number.isInteger(mebibytes) || mebibytes < 5 || mebibytes > 5 * 1024) {
      throw new StorageUrlError(`partSizeMiB must be an integer from 5 to 5120, not "${partSizeMiB}"`);
    }
    partSizeBytes = mebibytes * 1024 * 1024;
  }
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  return {
    bucket,
    ...(prefix !== '' && { prefix }),
    ...(endpoint !== undefined && { endpoint }),
    ...(region !== undefined && { region }),
    ...(forcePathStyle !== undefined && { forcePathStyle }),
    ...(partSizeBytes !== undefined && { partSizeBytes }),
  };
}

function booleanParameter(name: string, value: string | undefined): boolean | undefined {
  switch (value) {
    case undefined:
      return undefined;
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw new StorageUrlError(`S3 URL parameter ${name} must be true or false, not "${value}"`);
  }
}
