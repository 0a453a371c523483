// Lifecycle policies applied for real, on a running Berth: `berth lifecycle run` on the server's own
// stores while it serves (dry run first, then the run, which expires what the dry run and the ECR
// preview said, frees the bytes they predicted, and is recorded in `berth lifecycle audit`), and the
// scheduled run of a server started with BERTH_LIFECYCLE_RUN_EVERY_MS.
import { DescribeImagesCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { berthBin } from '../support/berth-process.js';
import { startEcrBerth, type EcrBerth } from './ecr-harness.js';
import { pushImage } from './v2-client.js';

const execFileAsync = promisify(execFile);

/** Keeps the two most recently pushed images tagged `v…`. */
const keepTwo = JSON.stringify({
  rules: [{ rulePriority: 1, description: 'keep two releases', selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 2 }, action: { type: 'expire' } }],
});

async function pushReleases(berth: EcrBerth, client: ECRClient, repository: string, count: number): Promise<string[]> {
  const token = (await client.send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!.authorizationToken!;
  for (let i = 0; i < count; i++) await pushImage({ url: berth.url, token }, repository, `v${i}`, 4096);
  return imagesOf(client, repository);
}

/** Digests by push time, oldest first. */
async function imagesOf(client: ECRClient, repository: string): Promise<string[]> {
  const details = (await client.send(new DescribeImagesCommand({ repositoryName: repository }))).imageDetails ?? [];
  return details.sort((a, b) => a.imagePushedAt!.getTime() - b.imagePushedAt!.getTime() || (a.imageDigest! < b.imageDigest! ? 1 : -1)).map((detail) => detail.imageDigest!);
}

describe('berth lifecycle run and audit beside a running server', () => {
  let berth: EcrBerth;
  let client: ECRClient;
  let pushed: string[];

  /** `berth lifecycle …` on the server's stores; its JSON output, or its failure. */
  const lifecycle = async (args: string[]) => {
    try {
      const { stdout } = await execFileAsync(process.execPath, [berthBin, 'lifecycle', ...args, '--data', berth.dataDir], { env: { ...process.env, ...berth.storeEnv } });
      return { status: 0, json: JSON.parse(stdout), stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { status: failed.code, json: undefined, stderr: failed.stderr };
    }
  };

  before(async () => {
    berth = await startEcrBerth();
    client = berth.sdk();
    await berth.aws(['create-repository', '--repository-name', 'team/app']);
    await berth.aws(['create-repository', '--repository-name', 'no-policy']);
    pushed = await pushReleases(berth, client, 'team/app', 5);
    const put = await berth.aws(['put-lifecycle-policy', '--repository-name', 'team/app', '--lifecycle-policy-text', keepTwo]);
    assert.equal(put.status, 0, put.stderr);
  });
  after(async () => {
    await berth?.stop();
  });

  test('a dry run reports what would expire and the bytes it would free, and changes nothing', async () => {
    const dry = await lifecycle(['run', '--repository', 'team/app', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.json.dryRun, true);
    assert.equal(dry.json.expiredImageCount, 3);
    const [report] = dry.json.repositories;
    assert.equal(report.repositoryName, 'team/app');
    assert.deepEqual(report.expiredImages.map((image: { imageDigest: string }) => image.imageDigest), pushed.slice(0, 3));
    assert.deepEqual(report.expiredImages.map((image: { imageTags: string[]; appliedRulePriority: number }) => [image.imageTags, image.appliedRulePriority]), [
      [['v0'], 1],
      [['v1'], 1],
      [['v2'], 1],
    ]);
    assert.ok(report.bytesFreed > 3 * 4096, `each expiring image holds a 4 KiB layer and a config only it references (${report.bytesFreed})`);
    assert.equal(dry.json.bytesFreed, report.bytesFreed);
    assert.deepEqual(await imagesOf(client, 'team/app'), pushed, 'a dry run deletes nothing');

    const policyFile = join(berth.dataDir, 'keep-four.json');
    await writeFile(policyFile, keepTwo.replace('"countNumber":2', '"countNumber":4'));
    const candidate = await lifecycle(['run', '--repository', 'team/app', '--dry-run', '--policy', policyFile]);
    assert.equal(candidate.status, 0, candidate.stderr);
    assert.deepEqual(candidate.json.repositories[0].expiredImages.map((image: { imageDigest: string }) => image.imageDigest), [pushed[0]], 'a policy not yet put, previewed');
  });

  test('the run expires what the ECR preview listed, frees the predicted bytes, and is audited with its rule', async () => {
    await berth.aws(['start-lifecycle-policy-preview', '--repository-name', 'team/app']);
    assert.equal((await berth.aws(['wait', 'lifecycle-policy-preview-complete', '--repository-name', 'team/app'])).status, 0);
    const preview = (await berth.aws(['get-lifecycle-policy-preview', '--repository-name', 'team/app'])).json;
    const previewed = preview.previewResults.map((result: { imageDigest: string }) => result.imageDigest);
    const predicted = (await lifecycle(['run', '--repository', 'team/app', '--dry-run'])).json.bytesFreed;

    const run = await lifecycle(['run']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.json.dryRun, false);
    assert.deepEqual(run.json.repositories.map((report: { repositoryName: string }) => report.repositoryName), ['team/app'], 'every repository with a policy, and only those');
    const [report] = run.json.repositories;
    assert.deepEqual(report.expiredImages.map((image: { imageDigest: string }) => image.imageDigest), previewed);
    assert.deepEqual(report.skippedImages, []);
    assert.equal(report.bytesFreed, predicted);
    assert.deepEqual(await imagesOf(client, 'team/app'), pushed.slice(3), 'the server sees the two newest only');
    const policy = (await berth.aws(['get-lifecycle-policy', '--repository-name', 'team/app'])).json;
    assert.ok(Math.abs(policy.lastEvaluatedAt - Date.now() / 1000) < 600, 'lastEvaluatedAt is the run');

    const audit = await lifecycle(['audit', '--repository', 'team/app']);
    assert.equal(audit.status, 0, audit.stderr);
    assert.deepEqual(audit.json.map((entry: { imageDigest: string }) => entry.imageDigest), [...previewed].reverse(), 'newest entry first');
    for (const entry of audit.json) {
      assert.equal(entry.appliedRulePriority, 1);
      assert.equal(entry.ruleDescription, 'keep two releases');
      assert.equal(entry.initiatedBy, 'cli');
      assert.equal(entry.runId, run.json.runId);
      assert.equal(entry.repositoryName, 'team/app');
    }

    const again = await lifecycle(['run', '--repository', 'team/app']);
    assert.equal(again.json.expiredImageCount, 0, 'nothing left to expire');
  });

  test('refusals: a repository without a policy, an unknown one, --policy without --dry-run', async () => {
    const noPolicy = await lifecycle(['run', '--repository', 'no-policy']);
    assert.notEqual(noPolicy.status, 0);
    assert.match(noPolicy.stderr, /Lifecycle policy does not exist for the repository with name 'no-policy'/);
    const unknown = await lifecycle(['run', '--repository', 'nowhere', '--dry-run']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /The repository with name 'nowhere' does not exist/);
    const policyAlone = await lifecycle(['run', '--repository', 'team/app', '--policy', '/dev/null']);
    assert.notEqual(policyAlone.status, 0);
    assert.match(policyAlone.stderr, /--policy needs --repository and --dry-run/);
  });
});

describe('the scheduled lifecycle run', () => {
  let berth: EcrBerth;
  after(async () => {
    await berth?.stop();
  });

  test('a server started with BERTH_LIFECYCLE_RUN_EVERY_MS applies every policy on its own, and audits it as the schedule', async () => {
    berth = await startEcrBerth({ env: { BERTH_LIFECYCLE_RUN_EVERY_MS: '300' } });
    const client = berth.sdk();
    await berth.aws(['create-repository', '--repository-name', 'scheduled']);
    const pushed = await pushReleases(berth, client, 'scheduled', 3);
    assert.equal((await berth.aws(['put-lifecycle-policy', '--repository-name', 'scheduled', '--lifecycle-policy-text', keepTwo])).status, 0);
    const deadline = Date.now() + 30_000;
    let remaining = await imagesOf(client, 'scheduled');
    while (remaining.length > 2 && Date.now() < deadline) {
      await delay(200);
      remaining = await imagesOf(client, 'scheduled');
    }
    assert.deepEqual(remaining, pushed.slice(1), 'the oldest release expired without anyone asking');
    const { stdout } = await execFileAsync(process.execPath, [berthBin, 'lifecycle', 'audit', '--repository', 'scheduled', '--data', berth.dataDir], {
      env: { ...process.env, ...berth.storeEnv },
    });
    const [entry] = JSON.parse(stdout);
    assert.equal(entry.imageDigest, pushed[0]);
    assert.equal(entry.initiatedBy, 'schedule');
    assert.match(entry.runId, /^schedule-\d+$/);
  });
});
