// Big blob pushes, streamed from the cached random file; the digest was computed when the file
// was generated, so the timed part is purely client-send + server-receive/hash/store.
import { formatBytes, warmFile } from '../data.js';
import { megabytesPerSecond, settle, type Workload } from './types.js';
import { BIG_REPO } from '../repositories.js';


export const pushMonolithic: Workload = {
  id: 'push-monolithic',
  label: (o) => `push ${formatBytes(o.bigBlobBytes)} blob, monolithic (POST+PUT)`,
  unit: 'MB/s',
  memoryRow: 'push',
  async run({ client, data }) {
    await warmFile(data.bigMonolithic.path);
    settle();
    const start = performance.now();
    await client.pushMonolithic(BIG_REPO, data.bigMonolithic);
    return { value: megabytesPerSecond(data.bigMonolithic.size, performance.now() - start) };
  },
};

export const pushChunked: Workload = {
  id: 'push-chunked',
  label: (o) => `push ${formatBytes(o.bigBlobBytes)} blob, chunked (${formatBytes(o.chunkBytes)} PATCHes)`,
  unit: 'MB/s',
  memoryRow: 'push',
  async run({ client, data, options }) {
    await warmFile(data.bigChunked.path);
    settle();
    const start = performance.now();
    const { closingPutMs } = await client.pushChunked(BIG_REPO, data.bigChunked, options.chunkBytes);
    return { value: megabytesPerSecond(data.bigChunked.size, performance.now() - start), detail: { closingPutMs } };
  },
};
