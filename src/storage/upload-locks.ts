// One writer per upload within a process: a second request appending to or committing the same
// upload at the same time would interleave bytes and hash state, so it is refused as out of order
// (the client re-reads the upload's status and retries). Across nodes, clients talk to one upload
// through one session; the metadata transaction decides races there.
import { RegistryError } from '../domain/registry-error.js';

export class UploadLocks {
  private readonly busy = new Set<string>();

  async exclusively<T>(uploadId: string, work: () => Promise<T>): Promise<T> {
    if (this.busy.has(uploadId)) {
      throw new RegistryError('upload-out-of-order', `upload ${uploadId} is being written by another request`);
    }
    this.busy.add(uploadId);
    try {
      return await work();
    } finally {
      this.busy.delete(uploadId);
    }
  }
}
