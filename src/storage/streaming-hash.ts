// Digests computed while bytes stream into an upload, so no byte is ever hashed twice on the happy
// path (SHA-256 bounds push speed on this hardware). Node cannot serialize a hash state, so the state
// lives in this process; after a restart, or when another node appended the previous chunks, the
// adapter rebuilds it once from the bytes already stored.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { DigestAlgorithm } from '../domain/digest.js';
import { RegistryError } from '../domain/registry-error.js';

export interface HashProgress {
  algorithm: DigestAlgorithm;
  hash: Hash;
  /** Bytes hashed so far: the state is only valid for an upload of exactly this size. */
  offsetBytes: number;
}

/** In-process hash states of the uploads this process is writing, by upload id. */
export class UploadHashes {
  private readonly states = new Map<string, HashProgress>();

  start(uploadId: string, algorithm: DigestAlgorithm): void {
    this.states.set(uploadId, { algorithm, hash: createHash(algorithm), offsetBytes: 0 });
  }

  /** The state for an upload of `offsetBytes` bytes, if this process has it. */
  current(uploadId: string, offsetBytes: number): HashProgress | undefined {
    const state = this.states.get(uploadId);
    return state && state.offsetBytes === offsetBytes ? state : undefined;
  }

  set(uploadId: string, state: HashProgress): void {
    this.states.set(uploadId, state);
  }

  forget(uploadId: string): void {
    this.states.delete(uploadId);
  }
}

/**
 * A pass-through that feeds every chunk to `hash` and counts bytes; with `expectedLengthBytes` it
 * fails with `size-invalid` as soon as more arrive, and at the end when fewer did.
 */
export class HashingCounter extends Transform {
  bytes = 0;

  constructor(
    private readonly hash: Hash,
    private readonly expectedLengthBytes?: number,
    /** Told the running byte count after each chunk (an adapter's flush schedule). */
    private readonly onProgress?: (bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.expectedLengthBytes !== undefined && this.bytes > this.expectedLengthBytes) {
      callback(new RegistryError('size-invalid', `received more than the declared ${this.expectedLengthBytes} bytes`));
      return;
    }
    this.hash.update(chunk);
    this.onProgress?.(this.bytes);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expectedLengthBytes !== undefined && this.bytes !== this.expectedLengthBytes) {
      callback(new RegistryError('size-invalid', `received ${this.bytes} bytes but the declared length was ${this.expectedLengthBytes}`));
      return;
    }
    callback();
  }
}
