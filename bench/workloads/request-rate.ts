// Small-request throughput: the calls a registry answers most (every `docker pull` resolves a
// tag, every push HEADs each layer). The request is made once first and checked, so a target
// that answers fast with an error cannot post a figure.
import { MANIFEST_ACCEPT } from '../image.js';
import { SMALL_REPO } from '../repositories.js';
import { measureRate, type RateResult } from '../load/rate.js';
import { medianNote, type Measurement, type Workload, type WorkloadContext } from './types.js';


function toMeasurement(runs: RateResult[]): Measurement {
  // Median by rate: one run disturbed by another process on the machine does not set the figure.
  const result = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
  const share = result.requests > 0 ? result.failures / result.requests : 0;
  if (share > 0.5) throw new Error(`${result.failures} of ${result.requests} requests failed`);
  return {
    value: result.requestsPerSecond,
    detail: { requests: result.requests, failures: result.failures, latencyMs: result.latencyMs, tool: result.tool, allRuns: runs.map((r) => r.requestsPerSecond) },
    warning: result.failures > 0 ? `${result.failures} of ${result.requests} failed` : undefined,
  };
}

async function rate(context: WorkloadContext, method: 'GET' | 'HEAD', path: string, headers: Record<string, string>): Promise<RateResult[]> {
  const { options } = context;
  const runs: RateResult[] = [];
  for (let i = 0; i < options.repeats; i++) {
    runs.push(
      await measureRate(context.rateTools[method], {
        url: `${context.target.url}${path}`,
        method,
        headers: context.client.headers(headers) as Record<string, string>,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        warmupSeconds: i === 0 ? options.warmupSeconds : 0,
      }),
    );
  }
  return runs;
}

export const manifestGet: Workload = {
  id: 'manifest-get',
  label: (o) => `GET manifest by tag, ${o.connections} connections (${medianNote(o.repeats, `${o.durationSeconds} s`)})`,
  unit: 'req/s',
  async run(context) {
    await context.client.checkManifest(SMALL_REPO, 'latest', context.data.image.manifest);
    return toMeasurement(await rate(context, 'GET', `/v2/${SMALL_REPO}/manifests/latest`, { Accept: MANIFEST_ACCEPT }));
  },
};

export const blobHead: Workload = {
  id: 'blob-head',
  label: (o) => `HEAD blob, ${o.connections} connections (${medianNote(o.repeats, `${o.durationSeconds} s`)})`,
  unit: 'req/s',
  async run(context) {
    const layer = context.data.image.layer;
    await context.client.checkBlobHead(SMALL_REPO, layer);
    return toMeasurement(await rate(context, 'HEAD', `/v2/${SMALL_REPO}/blobs/${layer.digest}`, {}));
  },
};
