// Where the S3 adapter keeps things, under one bucket and an optional key prefix:
//   <prefix>/blobs/<algorithm>/<first two hex>/<hex>     committed, immutable blobs (the filesystem layout)
//   <prefix>/uploads/<upload id>/state.json               an upload's record: size, parts, tail segments
//   <prefix>/uploads/<upload id>/tail/<offset>            bytes not yet in a part, one object per append
//   <prefix>/uploads/<upload id>/data                     the multipart upload's key, completed at commit
// Everything of an upload lives under its own prefix, so commit and abort can remove it by listing.
import type { Digest } from '../../domain/digest.js';
import { RegistryError } from '../../domain/registry-error.js';

/** Upload ids come from URLs: only characters that cannot reach another upload's keys. */
const uploadIdPattern = /^[A-Za-z0-9-]{1,64}$/;
/** Tail keys sort by offset: zero-padded to the digits of S3's 5 TiB object limit. */
const offsetDigits = 13;

export class S3Layout {
  private readonly root: string;

  /** @param prefix without leading or trailing slashes; '' for the bucket's root */
  constructor(prefix: string) {
    this.root = prefix === '' ? '' : `${prefix}/`;
  }

  blob(digest: Digest): string {
    return `${this.root}blobs/${digest.algorithm}/${digest.hex.slice(0, 2)}/${digest.hex}`;
  }

  /** Every key of the upload starts with this; throws `upload-not-found` for an id that is not one. */
  upload(uploadId: string): string {
    if (!uploadIdPattern.test(uploadId)) throw new RegistryError('upload-not-found', `unknown upload "${uploadId}"`);
    return `${this.root}uploads/${uploadId}/`;
  }

  uploadState(uploadId: string): string {
    return `${this.upload(uploadId)}state.json`;
  }

  uploadTail(uploadId: string, offsetBytes: number): string {
    return `${this.upload(uploadId)}tail/${String(offsetBytes).padStart(offsetDigits, '0')}`;
  }

  uploadData(uploadId: string): string {
    return `${this.upload(uploadId)}data`;
  }

  /** The prefix of all uploads (tests check nothing is left there). */
  uploads(): string {
    return `${this.root}uploads/`;
  }
}

/** A prefix as configured ('/a/b/', 'a/b') in the form S3Layout takes ('a/b'). */
export function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}
