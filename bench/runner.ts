// Orchestration: start every target, then run each workload on all of them back to back
// (workload-major order) before moving to the next workload. The machine may be shared with
// builds and test runs whose load drifts over minutes; measuring the three targets of one row
// within a minute or two of each other keeps that drift out of the ratios far better than
// measuring one target completely, then the next. Only one target is ever under load at a time;
// the others sit idle (their CPU is tracked and is ~0).
import { writeFile } from 'node:fs/promises';
import { ensureBlobFile, formatBytes } from './data.js';
import { buildSmallImage } from './image.js';
import { chooseRateTools } from './load/rate.js';
import { curlAvailable, curlVersion } from './load/curl.js';
import { BackgroundCpu, describeMachine, loadAverage, waitForQuiet } from './machine.js';
import { MemorySampler, currentRssMiB } from './memory.js';
import { defaultOptions, type BenchOptions, type TargetName } from './options.js';
import { RegistryClient } from './registry-client.js';
import { newRow, type BenchResults, type ResultRow, type TargetInfo } from './results.js';
import { startBerth } from './targets/berth.js';
import { startBareNode } from './targets/node.js';
import type { RunningTarget } from './targets/process.js';
import { startReference } from './targets/reference.js';
import { startScaleOutBerth } from './targets/scale-out.js';
import { WORKLOADS, pushSmallImage } from './workloads/index.js';
import type { BenchData, Workload, WorkloadContext } from './workloads/types.js';

interface Live {
  target: RunningTarget;
  client: RegistryClient;
  info: TargetInfo;
  /** Background CPU seen during each of this target's workloads, for the per-target average. */
  otherCpu: number[];
}

async function prepareData(options: BenchOptions): Promise<BenchData> {
  options.log(`preparing blobs (cached under ${options.workDir})`);
  return {
    image: buildSmallImage(),
    bigMonolithic: await ensureBlobFile(options.workDir, options.bigBlobBytes, 'a', options.log),
    bigChunked: await ensureBlobFile(options.workDir, options.bigBlobBytes, 'b', options.log),
    medium: await ensureBlobFile(options.workDir, options.mediumBlobBytes, 'a', options.log),
  };
}

function startTarget(name: TargetName, options: BenchOptions, data: BenchData): Promise<RunningTarget> {
  switch (name) {
    case 'berth':
      return startBerth(options);
    case 'berth-pg-s3':
      return startScaleOutBerth(options, name, 1);
    case 'berth-pg-s3-x2':
      return startScaleOutBerth(options, name, 2);
    case 'reference':
      return startReference();
    case 'node':
      return startBareNode(data.image, [data.bigMonolithic, data.bigChunked, data.medium]);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Warning and error lines in a server's output: pino JSON (level 40+), logrus text
 * (level=warning/error/fatal/panic), or plain lines that say error. Only the last 64 KiB are kept.
 */
function serverComplaints(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /"level":\s*(4|5|6)\d\b|level=(warn|warning|error|fatal|panic)\b|\b(error|exception|unhandled)\b/i.test(line))
    .map((line) => line.slice(0, 300));
}

function format(value: number, unit: string): string {
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${unit}`;
}

export async function runBenchmarks(overrides: Partial<BenchOptions> = {}): Promise<BenchResults> {
  const options = defaultOptions(overrides);
  const { log } = options;
  const unknown = options.workloads.filter((id) => !WORKLOADS.some((w) => w.id === id));
  if (unknown.length) throw new Error(`unknown workload(s) ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.id).join(', ')}`);
  const rate = chooseRateTools(options.forceNodeLoad);
  const pullClient = !options.forceNodeLoad && curlAvailable() ? 'curl' : 'node';
  const loadTools = `${rate.description}; blob pulls: ${pullClient === 'curl' ? curlVersion() : 'node:http client'}; pushes: node:http client`;
  log(`load generators: ${loadTools}`);
  const data = await prepareData(options);

  const workloads = options.workloads.length ? WORKLOADS.filter((w) => options.workloads.includes(w.id)) : WORKLOADS;
  const rows = new Map<string, ResultRow>(workloads.map((w) => [w.id, newRow(w.id, w.label(options), w.unit, true)]));
  const idle = newRow('rss-idle', 'server RSS after setup (idle)', 'MiB', false);
  const memoryRows = {
    push: newRow('rss-push', `peak server RSS during ${formatBytes(options.bigBlobBytes)} pushes`, 'MiB', false),
    pull: newRow('rss-pull', `peak server RSS during ${formatBytes(options.bigBlobBytes)} pull`, 'MiB', false),
  };
  const results: BenchResults = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: { ...describeMachine(), loadAverageAtStart: loadAverage() },
    rateTool: loadTools,
    targets: [],
    rows: [
      ...rows.values(),
      idle,
      ...(workloads.some((w) => w.memoryRow === 'push') ? [memoryRows.push] : []),
      ...(workloads.some((w) => w.memoryRow === 'pull') ? [memoryRows.pull] : []),
    ],
  };
  if (results.machine.loadAverageAtStart > 0.5) log(`load average ${results.machine.loadAverageAtStart.toFixed(2)}: the machine is busy, figures will be noisy`);

  const live: Live[] = [];
  try {
    for (const name of options.targets) {
      log(`[${name}] starting`);
      try {
        const target = await startTarget(name, options, data);
        const info: TargetInfo = { name, label: target.label };
        results.targets.push(info);
        live.push({ target, client: new RegistryClient(target.url, target.authorization), info, otherCpu: [] });
        log(`[${name}] ${target.label} at ${target.url}, pid ${target.pids.join(', ')}${target.helperPids.length ? ` (helpers ${target.helperPids.join(', ')})` : ''}`);
      } catch (error) {
        const message = (error as Error).message;
        log(`[${name}] FAILED TO START: ${message}`);
        results.targets.push({ name, label: name, error: message });
        for (const row of results.rows) row.errors[name] = 'target did not start';
      }
    }
    const pids = () => live.flatMap((l) => [...l.target.pids, ...l.target.helperPids]);

    for (const { target, client, info } of live) {
      try {
        await pushSmallImage(client, data.image);
        idle.values[info.name] = currentRssMiB(target.pids);
      } catch (error) {
        // The request-rate workloads will fail their own first check; the transfers may still work.
        log(`[${info.name}] pushing the small image failed: ${(error as Error).message}`);
        idle.errors[info.name] = (error as Error).message;
      }
    }

    for (const workload of workloads) {
      const row = rows.get(workload.id)!;
      log(`\n${row.label}`);
      for (const entry of live) {
        if (!entry.target.pids.every(isAlive)) {
          row.errors[entry.info.name] = 'server process had died';
          continue;
        }
        await measure(workload, row, entry, pids(), data, options, { rateTools: rate.tools, pullClient }, memoryRows);
        if (!entry.target.pids.every(isAlive)) log(`[${entry.info.name}] server process died:\n${entry.target.output()}`);
      }
    }
  } finally {
    for (const { target, client, info, otherCpu } of live) {
      if (otherCpu.length) info.otherCpuCores = otherCpu.reduce((a, b) => a + b, 0) / otherCpu.length;
      client.close();
      const complaints = serverComplaints(target.output());
      if (complaints.length) {
        info.serverLog = { count: complaints.length, first: complaints.slice(0, 5) };
        log(`[${info.name}] logged ${complaints.length} warning/error line(s), first: ${complaints[0]}`);
      }
      await target.stop();
      log(`[${info.name}] stopped (pid ${target.pids.join(', ')})`);
    }
  }
  if (options.jsonFile) await writeFile(options.jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** One workload on one target: wait for a quiet machine, run, record value, noise and memory. */
async function measure(
  workload: Workload,
  row: ResultRow,
  { target, client, info, otherCpu }: Live,
  pids: number[],
  data: BenchData,
  options: BenchOptions,
  tools: Pick<WorkloadContext, 'rateTools' | 'pullClient'>,
  memoryRows: Record<'push' | 'pull', ResultRow>,
): Promise<void> {
  const { log } = options;
  const name = info.name;
  if (options.quietWaitSeconds > 0) {
    const others = await waitForQuiet(pids, options.quietWaitSeconds);
    if (others >= 0.2) log(`[${name}]   machine still busy after ${options.quietWaitSeconds} s (others use ${others.toFixed(2)} cores): measuring anyway`);
  }
  const during = new BackgroundCpu(pids);
  const memoryRow = workload.memoryRow ? memoryRows[workload.memoryRow] : undefined;
  const sampler = memoryRow ? new MemorySampler(target.pids) : undefined;
  sampler?.start();
  try {
    const measurement = await workload.run({ target, client, options, data, ...tools });
    const otherCpuCores = during.cores();
    otherCpu.push(otherCpuCores);
    row.values[name] = measurement.value;
    row.details[name] = { ...measurement.detail, otherCpuCores };
    const warnings = [measurement.warning, otherCpuCores > 0.25 ? `other processes used ${otherCpuCores.toFixed(2)} cores meanwhile` : undefined].filter(Boolean);
    if (warnings.length) row.warnings[name] = warnings.join('; ');
    const closing = measurement.detail?.closingPutMs !== undefined ? `, closing PUT ${Number(measurement.detail.closingPutMs).toFixed(0)} ms` : '';
    log(`[${name}]   ${format(measurement.value, row.unit)}${closing}${warnings.length ? ` (${warnings.join('; ')})` : ''}`);
  } catch (error) {
    row.errors[name] = (error as Error).message;
    log(`[${name}]   ERROR: ${(error as Error).message}`);
  }
  const peak = sampler?.stop();
  // A failed workload's memory figure would describe an error path, not the workload.
  if (peak && memoryRow && row.errors[name] === undefined) {
    memoryRow.values[name] = Math.max(memoryRow.values[name] ?? 0, peak.peakMiB);
    memoryRow.details[name] = { ...memoryRow.details[name], [workload.id]: peak };
    log(`[${name}]   server peak RSS ${peak.peakMiB.toFixed(0)} MiB (sampled ${peak.sampledRssMiB.toFixed(0)}, VmHWM ${peak.hwmMiB.toFixed(0)})`);
  }
}
