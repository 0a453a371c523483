// Blob pulls: one big sequential GET, and many clients pulling the same medium blob at once
// (a fleet of nodes starting the same image). Bodies are counted and dropped, not stored.
import { Agent } from 'node:http';
import { formatBytes } from '../data.js';
import { medianNote, megabytesPerSecond, settle, type Workload, type WorkloadContext } from './types.js';
import { BIG_REPO, MEDIUM_REPO } from '../repositories.js';
import { send, expectStatus } from '../http.js';
import { curlPull } from '../load/curl.js';

/** `count` simultaneous GETs of one blob with the node client; resolves with the wall time in ms. */
async function nodePull(url: string, count: number, headers: Record<string, string | number>, expectedBytes: number): Promise<number> {
  const agent = new Agent({ keepAlive: false, maxSockets: count });
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const response = await send({ method: 'GET', url, headers, agent });
        expectStatus(response, [200], `GET ${url}`);
        if (response.bytes !== expectedBytes) throw new Error(`GET ${url}: ${response.bytes} bytes, expected ${expectedBytes}`);
      }),
    );
    return performance.now() - start;
  } finally {
    agent.destroy();
  }
}

/**
 * Pull throughput varies run to run by ±30 % here (page-cache and scheduler effects, even on an
 * idle machine), so each pull workload is repeated and the median taken, like the request rates.
 */
async function medianOf(repeats: number, run: () => Promise<number>): Promise<{ median: number; all: number[] }> {
  const all: number[] = [];
  for (let i = 0; i < repeats; i++) all.push(await run());
  return { median: [...all].sort((a, b) => a - b)[Math.floor(all.length / 2)], all };
}

/** Times `count` simultaneous pulls with the client chosen for this run (curl or node). */
function timedPull({ target, client, pullClient }: WorkloadContext, repo: string, digest: string, size: number, count: number): Promise<number> {
  const url = `${target.url}/v2/${repo}/blobs/${digest}`;
  return pullClient === 'curl' ? curlPull(Array(count).fill(url), client.headers(), size) : nodePull(url, count, client.headers(), size);
}


export const pullBig: Workload = {
  id: 'pull-big',
  label: (o) => `pull ${formatBytes(o.bigBlobBytes)} blob${o.repeats > 1 ? ` (${medianNote(o.repeats)})` : ''}`,
  unit: 'MB/s',
  memoryRow: 'pull',
  async run(context) {
    const { client, data } = context;
    const blob = data.bigMonolithic;
    // Normally the monolithic push stored it; when that workload was skipped (--workloads) or
    // failed, store it now, untimed.
    if (!(await client.hasBlob(BIG_REPO, blob.digest))) await client.pushMonolithic(BIG_REPO, blob);
    // One untimed pull first, so every target serves from the page cache: this VM evicts pages
    // idle for about a minute (DAMON pageout), and the first target's blob is the oldest.
    await timedPull(context, BIG_REPO, blob.digest, blob.size, 1);
    settle();
    const rates = await medianOf(context.options.repeats, async () => megabytesPerSecond(blob.size, await timedPull(context, BIG_REPO, blob.digest, blob.size, 1)));
    return { value: rates.median, detail: { client: context.pullClient, allRuns: rates.all } };
  },
};

export const pullConcurrent: Workload = {
  id: 'pull-concurrent',
  label: (o) => `${o.concurrentPulls} concurrent pulls of ${formatBytes(o.mediumBlobBytes)} blob (aggregate${o.repeats > 1 ? `, ${medianNote(o.repeats)}` : ''})`,
  unit: 'MB/s',
  async run(context) {
    const { client, data, options } = context;
    const blob = data.medium;
    // Untimed: store the blob, then pull it once hashing the body, so the timed pulls are known
    // to return the right bytes (they only check lengths); that pull also puts it in the page cache.
    await client.pushMonolithic(MEDIUM_REPO, blob);
    await client.pullBlob(MEDIUM_REPO, blob.digest, blob.size, true);
    settle();
    const total = blob.size * options.concurrentPulls;
    const rates = await medianOf(options.repeats, async () => megabytesPerSecond(total, await timedPull(context, MEDIUM_REPO, blob.digest, blob.size, options.concurrentPulls)));
    return { value: rates.median, detail: { totalBytes: total, client: context.pullClient, allRuns: rates.all } };
  },
};
