// Every case of the lifecycle table (src/lifecycle/testing/lifecycle-cases.ts) through the whole
// subsystem on a real SQLite database and a real PostgreSQL, as `berth serve` composes it: the policy is put, a preview is
// started and its job run by the job queue's path, then the policy is applied for real. For each case
// the preview and the run expire exactly the table's images, by the table's rules, and report the same
// bytes freed; afterwards the repository holds exactly the other images and the audit log the expired ones.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { composeLifecycle, type Lifecycle } from '../../src/compose-lifecycle.js';
import { dayMs } from '../../src/lifecycle/lifecycle-policy.js';
import { KyselyJobQueue } from '../../src/jobs/kysely-job-queue.js';
import { caseDigest, casePolicyText, lifecycleCases, type CaseImage, type LifecycleCase } from '../../src/lifecycle/testing/lifecycle-cases.js';
import { KyselyLifecycleImageSource } from '../../src/metadata/kysely-lifecycle-image-source.js';
import { KyselyMetadataStore } from '../../src/metadata/kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../../src/metadata/kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from '../../src/metadata/kysely-resource-policy-store.js';
import type { MetadataDatabase } from '../../src/metadata/metadata-database.js';
import { openPostgresDatabase } from '../../src/metadata/postgres/open-postgres-database.js';
import { openSqliteDatabase } from '../../src/metadata/sqlite/open-sqlite-database.js';
import { startPostgresServerOrSkip } from '../../src/metadata/testing/postgres-server.js';
import { createRegistryServices, type RegistryServices } from '../../src/registry/registry-services.js';
import { FilesystemBlobStore } from '../../src/storage/filesystem/filesystem-blob-store.js';

const now = Date.UTC(2025, 5, 1, 12);
const imageManifest = 'application/vnd.oci.image.manifest.v1+json';
const imageIndex = 'application/vnd.oci.image.index.v1+json';
/** Every image manifest references this blob too, so some bytes stay shared. */
const sharedBase = { digest: caseDigest('shared base layer'), sizeBytes: 7 };

const postgres = await startPostgresServerOrSkip();
after(() => postgres.server?.stop());

previewMatchesRun('SQLite', async (dir) => openSqliteDatabase(join(dir, 'metadata.sqlite')));
previewMatchesRun('PostgreSQL', async () => openPostgresDatabase(await postgres.server!.createDatabase()), postgres.skip);

function previewMatchesRun(name: string, open: (dir: string) => Promise<MetadataDatabase>, skip?: string | false): void {
  describe(`lifecycle preview and run agree on every case of the table: ${name}`, { skip }, () => {
    let dir: string;
    let database: MetadataDatabase;
    let services: RegistryServices;
    let lifecycle: Lifecycle;
    let jobs: KyselyJobQueue;
    let account: string;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'berth-lifecycle-cases-'));
      database = await open(dir);
      const metadata = new KyselyMetadataStore(database.db);
      services = createRegistryServices(metadata, new KyselyRepositoryCatalog(database.db), await FilesystemBlobStore.open(join(dir, 'blobs')), {
        maxManifestBytes: 4 * 1024 * 1024,
        createRepositoryOnPush: false,
        layerDownloadSigner: { presign: async (url) => url.toString() },
      resourcePolicies: new KyselyResourcePolicyStore(database.db),
        now: () => now,
      });
      jobs = new KyselyJobQueue(database);
      lifecycle = composeLifecycle({
        database,
        metadata,
        repositories: services.repositories,
        images: services.images,
        jobs,
        runEveryMs: 0,
        logger: pino({ level: 'silent' }),
        now: () => now,
      });
      account = await metadata.defaultAccountId();
    });
    after(async () => {
      await database?.close();
      await rm(dir, { recursive: true, force: true });
    });

    lifecycleCases.forEach((testCase, index) => {
      test(testCase.name, async () => {
        const address = { registryId: account, name: `case-${index}` };
        const repository = await services.repositoryAdmin.create({ address });
        await storeImages(services, repository.id, testCase);
        await lifecycle.policies.put(address, casePolicyText(testCase));
        const nameOf = new Map(testCase.images.map((image) => [caseDigest(image.name), image.name]));
        const named = (expired: { imageDigest: string; appliedRulePriority: number }[]) =>
          Object.fromEntries(expired.map((image) => [nameOf.get(image.imageDigest), image.appliedRulePriority]));

        await lifecycle.previews.start(address);
        const job = await jobs.claim('test-worker', ['lifecycle-preview'], 60_000);
        assert.ok(job, 'starting a preview queued its job');
        await lifecycle.background.handlers['lifecycle-preview'](job, new AbortController().signal);
        assert.equal(await jobs.complete(job), true);
        const preview = await previewResults(lifecycle, address);
        assert.equal(preview.status, 'COMPLETE');
        assert.deepEqual(named(preview.results), testCase.expired, 'the preview expires the table images');
        assert.equal(preview.count, Object.keys(testCase.expired).length, 'summary.expiringImageTotalCount');

        const report = await lifecycle.runner.run(
          { repositoryId: repository.id, registryId: account, repositoryName: address.name, policyText: casePolicyText(testCase) },
          { dryRun: false, runId: `case-${index}`, initiatedBy: 'cli' },
        );
        assert.deepEqual(report.skipped, []);
        assert.deepEqual(named(report.expired), testCase.expired, 'the run expires the table images');
        assert.deepEqual(report.expired.map((image) => image.imageDigest).sort(), preview.results.map((image) => image.imageDigest).sort());
        assert.equal(report.bytesFreed, preview.bytes, 'the preview predicted the bytes the run freed');

        const remaining = (await new KyselyLifecycleImageSource(database.db).repositoryImages(repository.id)).map((image) => nameOf.get(image.digest)).sort();
        const kept = testCase.images.map((image) => image.name).filter((name) => !(name in testCase.expired)).sort();
        assert.deepEqual(remaining, kept, 'the repository holds exactly the other images');
        const audited = await lifecycle.audit.list({ registryId: account, repositoryName: address.name, limit: 1000 });
        assert.deepEqual(named(audited), testCase.expired, 'the audit log names each expired image and its rule');
        assert.equal((await lifecycle.policies.get(address)).policy.lastEvaluatedAt, now);
      });
    });
  });
}

/** The case's images as manifests, tags and pulls; index children before their index. */
async function storeImages(services: RegistryServices, repositoryId: number, testCase: LifecycleCase): Promise<void> {
  const { metadata } = services;
  const stored = new Set<string>();
  const pending = [...testCase.images];
  await metadata.linkBlob(repositoryId, sharedBase, now);
  while (pending.length > 0) {
    const ready = pending.findIndex((image) => (image.lists ?? []).every((child) => stored.has(child)));
    const [image] = pending.splice(ready, 1);
    await storeImage(services, repositoryId, image, testCase.images.indexOf(image));
    stored.add(image.name);
  }
}

async function storeImage(services: RegistryServices, repositoryId: number, image: CaseImage, index: number): Promise<void> {
  const { metadata } = services;
  const digest = caseDigest(image.name);
  const content = Buffer.from(JSON.stringify({ image: image.name }));
  const layer = { digest: caseDigest(`${image.name} layer`), sizeBytes: 1000 * (index + 1) };
  if (!image.lists) await metadata.linkBlob(repositoryId, layer, now);
  const references = image.lists
    ? image.lists.map((child) => ({ digest: caseDigest(child), kind: 'manifest' as const }))
    : [
        { digest: layer.digest, kind: 'blob' as const },
        { digest: sharedBase.digest, kind: 'blob' as const },
      ];
  await metadata.putManifest(
    {
      repositoryId,
      digest,
      mediaType: image.lists ? imageIndex : imageManifest,
      sizeBytes: content.length,
      content,
      pushedAt: now - Math.round(image.pushedDaysAgo * dayMs),
      imageSizeBytes: image.lists ? 0 : layer.sizeBytes,
      ...(image.subject && { subjectDigest: caseDigest(image.subject) }),
    },
    references,
  );
  for (const tag of image.tags ?? []) await metadata.putTag(repositoryId, tag, digest, now);
  if (image.pulledDaysAgo !== undefined) await metadata.recordPull(repositoryId, digest, now - Math.round(image.pulledDaysAgo * dayMs));
}

/** Every page of the preview, two results a page, as a client walks nextToken. */
async function previewResults(lifecycle: Lifecycle, address: { registryId: string; name: string }) {
  const results: { imageDigest: string; appliedRulePriority: number }[] = [];
  let afterPosition: number | undefined;
  for (;;) {
    const page = await lifecycle.previews.get(address, { limit: 2, tagStatus: 'ANY', ...(afterPosition !== undefined && { afterPosition }) });
    results.push(...page.results);
    if (page.nextAfterPosition === undefined) {
      return { status: page.preview.status, results, count: page.preview.expiringImageCount, bytes: page.preview.expiringBytes };
    }
    afterPosition = page.nextAfterPosition;
  }
}
