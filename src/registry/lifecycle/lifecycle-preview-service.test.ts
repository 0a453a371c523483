// The preview's life on a real SQLite database and job queue, with a fake clock: one preview at a
// time, jobs that run late or twice, a job that gives up, a start that died before its job was
// queued, and imageIds that name images by tag.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { isRegistryError } from '../../domain/registry-error.js';
import { KyselyJobQueue } from '../../jobs/kysely-job-queue.js';
import { KyselyLifecycleStore } from '../../metadata/kysely-lifecycle-store.js';
import { KyselyMetadataStore } from '../../metadata/kysely-metadata-store.js';
import { openSqliteDatabase } from '../../metadata/sqlite/open-sqlite-database.js';
import { digest, manifest } from '../../metadata/testing/records.js';
import { RepositoryResolver } from '../repository-address.js';
import { LifecyclePreviewService, lifecyclePreviewJob, type PreviewJobPayload } from './lifecycle-preview-service.js';
import type { LifecycleRunner, RunOptions } from './lifecycle-runner.js';

const everyImage = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] });

/** A runner double: the dry run it is asked for, answered from a fixed list, or a failure. */
class ScriptedRunner implements Pick<LifecycleRunner, 'run'> {
  failure?: Error;
  readonly runs: RunOptions[] = [];
  async run(target: Parameters<LifecycleRunner['run']>[0], options: RunOptions) {
    this.runs.push(options);
    if (this.failure) throw this.failure;
    const expired = [1, 2].map((n) => ({ imageDigest: digest(n), imageTags: n === 1 ? ['old'] : [], imagePushedAt: 1000 + n, appliedRulePriority: 1 }));
    return { registryId: target.registryId, repositoryName: target.repositoryName, dryRun: options.dryRun, evaluatedAt: 0, expired, skipped: [], protectedByIndex: 0, bytesFreed: 123 };
  }
}

async function withPreviews(work: (fixture: Awaited<ReturnType<typeof setup>>) => Promise<void>): Promise<void> {
  const fixture = await setup();
  try {
    await work(fixture);
  } finally {
    await fixture.cleanup();
  }
}

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'berth-previews-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const metadata = new KyselyMetadataStore(database.db);
  const clock = { time: 1_000_000 };
  const store = new KyselyLifecycleStore(database.db);
  const jobs = new KyselyJobQueue(database);
  const runner = new ScriptedRunner();
  let woken = 0;
  const previews = new LifecyclePreviewService({
    store,
    runner,
    repositories: new RepositoryResolver(metadata, { createOnPush: false, now: () => clock.time }),
    metadata,
    jobs,
    wakeWorker: () => woken++,
    now: () => clock.time,
    logger: pino({ level: 'silent' }),
  });
  const account = await metadata.defaultAccountId();
  const repository = await metadata.ensureRepository(account, 'app', 0);
  const address = { registryId: account, name: 'app' };
  /** Claims the preview job and runs it as the worker would; returns the claim. */
  const runJob = async () => {
    const job = await jobs.claim('worker', [lifecyclePreviewJob], 60_000);
    assert.ok(job);
    try {
      await previews.run(job.payload as PreviewJobPayload, job);
      await jobs.complete(job);
    } catch (error) {
      await jobs.fail(job, String(error), 0);
      throw error;
    }
    return job;
  };
  return {
    previews, store, jobs, runner, metadata, clock, address, repository, runJob,
    woken: () => woken,
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('one preview at a time: a second start while one runs is LifecyclePolicyPreviewInProgressException', () =>
  withPreviews(async ({ previews, address, runJob, woken }) => {
    await previews.start(address, everyImage);
    assert.equal(woken(), 1, 'the worker is told at once');
    assert.equal((await previews.get(address, { limit: 10, tagStatus: 'ANY' })).preview.status, 'IN_PROGRESS');
    await assert.rejects(previews.start(address, everyImage), (error: unknown) => isRegistryError(error, 'lifecycle-preview-in-progress'));
    await runJob();
    const page = await previews.get(address, { limit: 10, tagStatus: 'ANY' });
    assert.equal(page.preview.status, 'COMPLETE');
    assert.equal(page.preview.expiringBytes, 123);
    assert.deepEqual(page.results.map((result) => result.imageDigest), [digest(1), digest(2)]);
    await previews.start(address, everyImage);
  }));

test('a job that runs again after its preview completed, or for a replaced preview, changes nothing', () =>
  withPreviews(async ({ previews, address, runJob, runner }) => {
    await previews.start(address, everyImage);
    const first = await runJob();
    await previews.start(address, everyImage);
    await previews.run(first.payload as PreviewJobPayload, first);
    assert.equal(runner.runs.length, 1, 'the stale job did not even evaluate');
    assert.equal((await previews.get(address, { limit: 10, tagStatus: 'ANY' })).preview.status, 'IN_PROGRESS', 'the new preview is untouched');
  }));

test('a job failing on its last attempt leaves the preview FAILED, and a new one may start', () =>
  withPreviews(async ({ previews, address, runJob, runner }) => {
    runner.failure = new Error('the database went away');
    await previews.start(address, everyImage);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await assert.rejects(runJob(), /the database went away/);
      const status = (await previews.get(address, { limit: 10, tagStatus: 'ANY' })).preview.status;
      assert.equal(status, attempt < 3 ? 'IN_PROGRESS' : 'FAILED', `after attempt ${attempt}`);
    }
    runner.failure = undefined;
    await previews.start(address, everyImage);
  }));

test('a preview whose job was given up, or never queued, is settled FAILED when looked at', () =>
  withPreviews(async ({ previews, store, jobs, address, repository, clock }) => {
    await previews.start(address, everyImage);
    const preview = (await store.findPreview(repository.id))!;
    const job = await jobs.claim('worker', [lifecyclePreviewJob], 60_000);
    assert.ok(job);
    for (let attempt = job.attempt; ; attempt++) {
      const claimed = attempt === job.attempt ? job : await jobs.claim('worker', [lifecyclePreviewJob], 60_000);
      if ((await jobs.fail(claimed!, 'node crashed', 0)) === 'failed') break;
    }
    const failed = await previews.get(address, { limit: 10, tagStatus: 'ANY' });
    assert.equal(failed.preview.status, 'FAILED');
    assert.equal(failed.preview.failure, 'node crashed');
    assert.equal(preview.previewId, failed.preview.previewId);

    await store.startPreview({ repositoryId: repository.id, previewId: 'half-started', policyText: everyImage, startedAt: clock.time });
    assert.equal((await previews.get(address, { limit: 10, tagStatus: 'ANY' })).preview.status, 'IN_PROGRESS', 'within a minute it may still get its job');
    clock.time += 61_000;
    assert.equal((await previews.get(address, { limit: 10, tagStatus: 'ANY' })).preview.status, 'FAILED');
  }));

test('imageIds name images by digest or by the tag they carry now', () =>
  withPreviews(async ({ previews, metadata, address, repository, runJob }) => {
    await metadata.putManifest(manifest(repository.id, 1), []);
    await metadata.putTag(repository.id, 'old', digest(1), 0);
    await previews.start(address, everyImage);
    await runJob();
    const named = async (imageIds: { digest?: string; tag?: string }[]) =>
      (await previews.get(address, { limit: 100, tagStatus: 'ANY', imageIds })).results.map((result) => result.imageDigest);
    assert.deepEqual(await named([{ tag: 'old' }]), [digest(1)]);
    assert.deepEqual(await named([{ digest: digest(2) }, { tag: 'missing' }]), [digest(2)]);
    assert.deepEqual(await named([{ digest: digest(3) }]), []);
  }));
