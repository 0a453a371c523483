// `berth lifecycle …`: apply lifecycle policies now, or see what they would do, and read the audit log
// of what they did. Works on the same stores as `serve` (--data/--database/--storage/--config) and is
// safe while servers run: expirations take the path a scheduled run takes (a hundred to a transaction,
// each image re-checked inside it), and an image a server changed meanwhile is skipped.
// Output is JSON on stdout; logs go to stderr.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import pino from 'pino';
import { openIdentity } from '../app.js';
import { LayerDownloadSigner } from '../auth/layer-download-signer.js';
import { composeLifecycle, type Lifecycle } from '../compose-lifecycle.js';
import { KyselyJobQueue } from '../jobs/kysely-job-queue.js';
import type { LifecycleTarget, RepositoryRunReport } from '../registry/lifecycle/lifecycle-runner.js';
import { KyselyRepositoryCatalog } from '../metadata/kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from '../metadata/kysely-resource-policy-store.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import { openStores } from '../open-stores.js';
import { createRegistryServices } from '../registry/registry-services.js';
import { storeConfig, withStoreOptions, type StoreFlags } from './store-options.js';

interface RunFlags extends StoreFlags {
  repository?: string;
  account?: string;
  dryRun?: boolean;
  policy?: string;
}

interface AuditFlags extends StoreFlags {
  repository?: string;
  account?: string;
  limit: string;
}

export function registerLifecycleCommand(program: Command): void {
  const lifecycle = program.command('lifecycle').description('lifecycle policies: run them now, preview them, read what they expired');

  withStoreOptions(lifecycle.command('run').description('apply the lifecycle policies of every repository (or of one) now'))
    .option('--repository <name>', 'only this repository')
    .option('--account <id>', "the repository's account (default: the default account)")
    .option('--dry-run', 'change nothing: report what would expire and the bytes it would free')
    .option('--policy <file>', 'with --repository and --dry-run: preview this policy text instead of the stored one')
    .action((flags: RunFlags) => withLifecycle(flags, (context) => runPolicies(context, flags)));

  withStoreOptions(lifecycle.command('audit').description('list the images lifecycle runs expired, newest first, with the rule that expired each'))
    .option('--repository <name>', 'only this repository')
    .option('--account <id>', 'only this account (default with --repository: the default account)')
    .option('--limit <n>', 'at most this many entries', '100')
    .action((flags: AuditFlags) =>
      withLifecycle(flags, async ({ lifecycle, metadata }) => {
        const limit = Number(flags.limit);
        if (!Number.isSafeInteger(limit) || limit < 1) throw new Error('--limit must be a positive integer');
        const registryId = flags.account ?? (flags.repository !== undefined ? await metadata.defaultAccountId() : undefined);
        const entries = await lifecycle.audit.list({ limit, ...(registryId !== undefined && { registryId }), ...(flags.repository !== undefined && { repositoryName: flags.repository }) });
        return entries.map(({ imagePushedAt, expiredAt, ...entry }) => ({ ...entry, imagePushedAt: iso(imagePushedAt), expiredAt: iso(expiredAt) }));
      }),
    );
}

interface CommandContext {
  lifecycle: Lifecycle;
  metadata: MetadataStore;
}

/** Opens the stores and composes the lifecycle subsystem as `serve` does, runs `work`, prints its result, closes. */
async function withLifecycle(flags: StoreFlags, work: (context: CommandContext) => Promise<unknown>): Promise<void> {
  const config = storeConfig(flags);
  const stores = await openStores(config);
  try {
    const { secrets, metadata } = await openIdentity(stores);
    const services = createRegistryServices(metadata, new KyselyRepositoryCatalog(stores.database.db), stores.blobs, {
      maxManifestBytes: config.maxManifestBytes,
      createRepositoryOnPush: false,
      layerDownloadSigner: new LayerDownloadSigner(secrets.deriveKey('ecr-layer-download'), { region: config.region }),
      resourcePolicies: new KyselyResourcePolicyStore(stores.database.db),
    });
    const lifecycle = composeLifecycle({
      database: stores.database,
      metadata,
      repositories: services.repositories,
      images: services.images,
      jobs: new KyselyJobQueue(stores.database),
      runEveryMs: 0,
      logger: pino({ level: 'warn' }, pino.destination(2)),
    });
    process.stdout.write(JSON.stringify(await work({ lifecycle, metadata }), null, 2) + '\n');
  } finally {
    await stores.close();
  }
}

async function runPolicies({ lifecycle, metadata }: CommandContext, flags: RunFlags) {
  if (flags.policy !== undefined && (flags.repository === undefined || !flags.dryRun)) throw new Error('--policy needs --repository and --dry-run');
  const dryRun = flags.dryRun === true;
  const runId = `cli-${randomUUID()}`;
  const targets = flags.repository !== undefined ? [await oneTarget(lifecycle, metadata, flags)] : await everyTarget(lifecycle);
  const reports: RepositoryRunReport[] = [];
  for (const target of targets) reports.push(await lifecycle.runner.run(target, { dryRun, runId, initiatedBy: 'cli' }));
  return {
    dryRun,
    runId,
    expiredImageCount: reports.reduce((total, report) => total + report.expired.length, 0),
    bytesFreed: reports.reduce((total, report) => total + report.bytesFreed, 0),
    repositories: reports.map((report) => ({
      registryId: report.registryId,
      repositoryName: report.repositoryName,
      expiredImageCount: report.expired.length,
      bytesFreed: report.bytesFreed,
      expiredImages: report.expired.map(({ imagePushedAt, ...image }) => ({ ...image, imagePushedAt: iso(imagePushedAt) })),
      skippedImages: report.skipped,
      protectedByIndex: report.protectedByIndex,
    })),
  };
}

async function oneTarget(lifecycle: Lifecycle, metadata: MetadataStore, flags: RunFlags): Promise<LifecycleTarget> {
  const registryId = flags.account ?? (await metadata.defaultAccountId());
  const repository = await metadata.findRepository(registryId, flags.repository!);
  if (!repository) throw new Error(`The repository with name '${flags.repository}' does not exist in the registry with id '${registryId}'`);
  const policyText = flags.policy !== undefined ? await readFile(flags.policy, 'utf8') : (await lifecycle.store.findPolicy(repository.id))?.text;
  if (policyText === undefined) throw new Error(`Lifecycle policy does not exist for the repository with name '${repository.name}' in the registry with id '${registryId}'`);
  return { repositoryId: repository.id, registryId, repositoryName: repository.name, policyText };
}

async function everyTarget(lifecycle: Lifecycle): Promise<LifecycleTarget[]> {
  const targets: LifecycleTarget[] = [];
  for (let after: number | undefined; ; ) {
    const page = await lifecycle.store.listPolicies({ limit: 500, ...(after !== undefined && { afterRepositoryId: after }) });
    targets.push(...page.map((policy) => ({ repositoryId: policy.repositoryId, registryId: policy.registryId, repositoryName: policy.repositoryName, policyText: policy.text })));
    if (page.length < 500) return targets;
    after = page[page.length - 1].repositoryId;
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
