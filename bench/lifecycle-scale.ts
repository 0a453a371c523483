// Lifecycle evaluation at ECR's repository quota, 100,000 images (`node dist/bench/lifecycle-scale.js`,
// after `npm run build`). Three figures, each the median of --runs runs:
// 1. the engine alone: parse the policy and evaluate it over the images in memory;
// 2. a preview on the embedded store (SQLite in a temporary directory): read the repository's images,
//    evaluate, predict the bytes freed, store the results — what a preview job does;
// 3. a real run on a smaller repository (--expire-images, default 20,000) that expires all images but
//    one: deletes a hundred to a transaction plus their audit entries; the figure is expirations per second.
// Prints a Markdown table for docs/benchmarks.md; --json FILE also writes the figures.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { evaluateLifecyclePolicy } from '../src/lifecycle/evaluate-lifecycle-policy.js';
import { parseLifecyclePolicy } from '../src/lifecycle/parse-lifecycle-policy.js';
import { KyselyLifecycleAuditLog } from '../src/metadata/kysely-lifecycle-audit-log.js';
import { KyselyLifecycleImageSource } from '../src/metadata/kysely-lifecycle-image-source.js';
import { KyselyLifecycleStore } from '../src/metadata/kysely-lifecycle-store.js';
import { KyselyMetadataStore } from '../src/metadata/kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../src/metadata/kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from '../src/metadata/kysely-resource-policy-store.js';
import { openSqliteDatabase } from '../src/metadata/sqlite/open-sqlite-database.js';
import { LifecycleRunner } from '../src/registry/lifecycle/lifecycle-runner.js';
import { createRegistryServices } from '../src/registry/registry-services.js';
import { FilesystemBlobStore } from '../src/storage/filesystem/filesystem-blob-store.js';
import { describeMachine } from './machine.js';
import { benchmarkPolicy, insertImages, syntheticImages } from './lifecycle/synthetic-repository.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    'expire-images': { type: 'string', default: '20000' },
    json: { type: 'string' },
  },
});
const imageCount = Number(values.images);
const runs = Number(values.runs);
const expireCount = Number(values['expire-images']);
const now = Date.UTC(2025, 5, 1);

const log = (text: string) => process.stderr.write(`${text}\n`);
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
/** Wall time, and this process's CPU time: on a shared machine the second varies less. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; result: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, result };
}

async function main(): Promise<void> {
  const machine = describeMachine();
  log(`generating ${imageCount} images`);
  const images = syntheticImages(imageCount, now);

  const engine: number[] = [];
  const engineCpu: number[] = [];
  let expiring = 0;
  let protectedByIndex = 0;
  for (let run = 0; run < runs; run++) {
    const { ms, cpuMs, result } = await timed(() => evaluateLifecyclePolicy(parseLifecyclePolicy(benchmarkPolicy), images, now));
    engine.push(ms);
    engineCpu.push(cpuMs);
    expiring = result.expiring.length;
    protectedByIndex = result.protectedByIndex.length;
  }
  log(`engine: ${median(engine).toFixed(1)} ms, ${expiring} expiring`);

  const dir = await mkdtemp(join(tmpdir(), 'berth-lifecycle-bench-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  try {
    const metadata = new KyselyMetadataStore(database.db);
    const account = await metadata.defaultAccountId();
    const repository = await metadata.ensureRepository(account, 'bench/busy', now);
    log('writing the repository into SQLite');
    const inserted = await timed(() => insertImages(database.db, repository.id, images));
    log(`written in ${(inserted.ms / 1000).toFixed(1)} s`);

    const store = new KyselyLifecycleStore(database.db);
    const source = new KyselyLifecycleImageSource(database.db);
    const services = createRegistryServices(metadata, new KyselyRepositoryCatalog(database.db), await FilesystemBlobStore.open(join(dir, 'blobs')), {
      maxManifestBytes: 4 * 1024 * 1024,
      createRepositoryOnPush: false,
      layerDownloadSigner: { presign: async (url) => url.toString() },
      resourcePolicies: new KyselyResourcePolicyStore(database.db),
      now: () => now,
    });
    const runner = new LifecycleRunner({ store, source, images: services.images, audit: new KyselyLifecycleAuditLog(database.db), now: () => now, logger: pino({ level: 'silent' }) });
    const target = { repositoryId: repository.id, registryId: account, repositoryName: repository.name, policyText: benchmarkPolicy };

    const loading: number[] = [];
    const loadingCpu: number[] = [];
    const previews: number[] = [];
    const previewsCpu: number[] = [];
    let bytesFreed = 0;
    for (let run = 0; run < runs; run++) {
      const load = await timed(() => source.repositoryImages(repository.id));
      loading.push(load.ms);
      loadingCpu.push(load.cpuMs);
      const preview = await timed(async () => {
        const report = await runner.run(target, { dryRun: true, runId: 'bench', initiatedBy: 'bench' });
        await store.startPreview({ repositoryId: repository.id, previewId: `bench-${run}`, policyText: benchmarkPolicy, startedAt: now });
        await store.completePreview(repository.id, `bench-${run}`, { results: report.expired, expiringBytes: report.bytesFreed, completedAt: now });
        return report;
      });
      previews.push(preview.ms);
      previewsCpu.push(preview.cpuMs);
      bytesFreed = preview.result.bytesFreed;
      log(`preview run ${run + 1}: ${(preview.ms / 1000).toFixed(2)} s`);
    }

    const small = await metadata.ensureRepository(account, 'bench/expire', now);
    await insertImages(database.db, small.id, syntheticImages(expireCount, now, { indexes: false, firstDigest: 10_000_000 }));
    const keepOne = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] });
    const deletes = await timed(() => runner.run({ ...target, repositoryId: small.id, repositoryName: small.name, policyText: keepOne }, { dryRun: false, runId: 'bench', initiatedBy: 'bench' }));
    const expired = deletes.result.expired.length;

    const figures = {
      machine,
      images: imageCount,
      rules: parseLifecyclePolicy(benchmarkPolicy).rules.length,
      expiring,
      protectedByIndex,
      bytesFreed,
      engineMs: median(engine),
      engineCpuMs: median(engineCpu),
      loadMs: median(loading),
      loadCpuMs: median(loadingCpu),
      previewMs: median(previews),
      previewCpuMs: median(previewsCpu),
      insertSeconds: inserted.ms / 1000,
      realRun: { images: expireCount, expired, seconds: deletes.ms / 1000, cpuSeconds: deletes.cpuMs / 1000, expirationsPerSecond: expired / (deletes.ms / 1000) },
      loadAverage: loadavg(),
    };
    if (values.json) await writeFile(values.json, JSON.stringify(figures, null, 2));
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    process.stdout.write(
      [
        `| measure (${imageCount.toLocaleString('en')} images, ${figures.rules} rules; median of ${runs}) | wall | CPU |`,
        '| --- | ---: | ---: |',
        `| engine: parse + evaluate in memory (${expiring.toLocaleString('en')} expiring, ${protectedByIndex.toLocaleString('en')} kept for their index) | ${seconds(figures.engineMs)} | ${seconds(figures.engineCpuMs)} |`,
        `| read the repository's images from SQLite | ${seconds(figures.loadMs)} | ${seconds(figures.loadCpuMs)} |`,
        `| preview on SQLite: read, evaluate, predict bytes freed (${(bytesFreed / 1e9).toFixed(0)} GB), store the results | ${seconds(figures.previewMs)} | ${seconds(figures.previewCpuMs)} |`,
        `| real run on SQLite: ${expired.toLocaleString('en')} expirations with their audit entries (${figures.realRun.expirationsPerSecond.toFixed(0)}/s) | ${figures.realRun.seconds.toFixed(1)} s | ${figures.realRun.cpuSeconds.toFixed(1)} s |`,
        '',
        `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average at the end ${figures.loadAverage.map((load) => load.toFixed(1)).join(' / ')}.`,
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
