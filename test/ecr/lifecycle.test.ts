// Lifecycle policies through the unchanged AWS CLI and @aws-sdk/client-ecr: put / get / delete,
// ECR's refusals of invalid policies (the policy in force stays), previews started, waited for with
// `aws ecr wait lifecycle-policy-preview-complete`, read page by page and filtered, and every error the
// model names for these operations.
import { DescribeImagesCommand, GetAuthorizationTokenCommand, GetLifecyclePolicyPreviewCommand, paginateGetLifecyclePolicyPreview, type ECRClient } from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliErrorType, startEcrBerth, type EcrBerth } from './ecr-harness.js';
import { pushImage, type V2Target } from './v2-client.js';

const validationPrefix = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ";

const policy = (...rules: Record<string, unknown>[]) => JSON.stringify({ rules });
const expireRule = (rulePriority: number, selection: Record<string, unknown>, description = `rule ${rulePriority}`) => ({
  rulePriority,
  description,
  selection,
  action: { type: 'expire' },
});
/** Keeps the two most recently pushed images tagged v*, and every untagged image for 30 days. */
const keepTwoReleases = policy(
  expireRule(1, { tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'imageCountMoreThan', countNumber: 2 }),
  expireRule(2, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 }),
);

describe('ECR lifecycle policies', () => {
  let berth: EcrBerth;
  let client: ECRClient;
  let registry: V2Target;
  let accountId: string;
  /** The five images of `releases`, oldest push first (as DescribeImages reports them). */
  let releases: { digest: string; tag: string }[];

  before(async () => {
    berth = await startEcrBerth();
    client = berth.sdk();
    const token = (await client.send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!.authorizationToken!;
    registry = { url: berth.url, token };
    accountId = (await berth.aws(['describe-registry'])).json.registryId;
    for (const name of ['releases', 'policies', 'previews-none', 'recreated']) await berth.aws(['create-repository', '--repository-name', name]);
    for (let i = 0; i < 5; i++) await pushImage(registry, 'releases', `v${i}`);
    const details = (await client.send(new DescribeImagesCommand({ repositoryName: 'releases' }))).imageDetails!;
    // Ranked as the lifecycle rules rank them: push time, then digest.
    releases = details
      .map((detail) => ({ digest: detail.imageDigest!, tag: detail.imageTags![0]!, pushedAt: detail.imagePushedAt!.getTime() }))
      .sort((a, b) => a.pushedAt - b.pushedAt || (a.digest < b.digest ? 1 : -1))
      .map(({ digest, tag }) => ({ digest, tag }));
  });
  after(async () => {
    await berth?.stop();
  });

  test('put-lifecycle-policy stores the text as sent; get returns it with lastEvaluatedAt at the epoch; delete returns it once', async () => {
    const put = await berth.aws(['put-lifecycle-policy', '--repository-name', 'policies', '--lifecycle-policy-text', keepTwoReleases]);
    assert.equal(put.status, 0, put.stderr);
    assert.deepEqual(put.json, { registryId: accountId, repositoryName: 'policies', lifecyclePolicyText: keepTwoReleases });

    const got = await berth.aws(['get-lifecycle-policy', '--repository-name', 'policies']);
    assert.equal(got.status, 0, got.stderr);
    assert.equal(got.json.lifecyclePolicyText, keepTwoReleases);
    assert.equal(got.json.registryId, accountId);
    assert.equal(got.json.lastEvaluatedAt, 0, 'never applied yet: the epoch, as ECR answers');

    const deleted = await berth.aws(['delete-lifecycle-policy', '--repository-name', 'policies']);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.equal(deleted.json.lifecyclePolicyText, keepTwoReleases);
    for (const operation of ['get-lifecycle-policy', 'delete-lifecycle-policy']) {
      const missing = await berth.aws([operation, '--repository-name', 'policies']);
      assert.equal(cliErrorType(missing), 'LifecyclePolicyNotFoundException', operation);
      assert.match(missing.stderr, new RegExp(`Lifecycle policy does not exist for the repository with name 'policies' in the registry with id '${accountId}'`));
    }
    const noRepository = await berth.aws(['put-lifecycle-policy', '--repository-name', 'nowhere', '--lifecycle-policy-text', keepTwoReleases]);
    assert.equal(cliErrorType(noRepository), 'RepositoryNotFoundException');
  });

  test('invalid policies are refused with ECR\'s InvalidParameterException and message; the policy in force stays', async () => {
    await berth.aws(['put-lifecycle-policy', '--repository-name', 'policies', '--lifecycle-policy-text', keepTwoReleases]);
    const untaggedKeep = { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 };
    const invalid: [string, string][] = [
      [`{"rules": "all of them", "padding": "${'x'.repeat(100)}"}`, 'object instance has properties which are not allowed by the schema: ["padding"]'],
      [policy(expireRule(1, { ...untaggedKeep, countUnit: 'days' })), 'instance failed to match exactly one schema (matched 0 out of 4)'],
      [policy(expireRule(1, { ...untaggedKeep, countNumber: 0 })), 'numeric instance is lower than the required minimum (minimum: 1, found: 0)'],
      [policy(expireRule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 }), expireRule(2, untaggedKeep)), 'Rule for tagStatus=ANY must have the lowest priority per storage class'],
      [policy(expireRule(1, untaggedKeep), expireRule(2, { ...untaggedKeep, countNumber: 3 })), 'Only one rule can select Untagged images per storage class.'],
      [policy(expireRule(1, { ...untaggedKeep, tagStatus: 'tagged' })), 'Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.'],
      [
        policy(expireRule(1, { tagStatus: 'tagged', tagPrefixList: ['v'], tagPatternList: ['v*'], countType: 'imageCountMoreThan', countNumber: 1 })),
        'A rule can specify tagPrefixList or tagPatternList, not both.',
      ],
    ];
    for (const [text, detail] of invalid) {
      const refused = await berth.aws(['put-lifecycle-policy', '--repository-name', 'policies', '--lifecycle-policy-text', text]);
      assert.notEqual(refused.status, 0, text);
      assert.equal(cliErrorType(refused), 'InvalidParameterException', text);
      assert.ok(refused.stderr.includes(`${validationPrefix}${detail}'`), `${text}\n${refused.stderr}`);
    }
    const kept = await berth.aws(['get-lifecycle-policy', '--repository-name', 'policies']);
    assert.equal(kept.json.lifecyclePolicyText, keepTwoReleases, 'the policy in force is unchanged');
  });

  test('a preview runs to COMPLETE (the CLI waiter sees it) and lists the images it would expire, with their rule', async () => {
    const started = await berth.aws(['start-lifecycle-policy-preview', '--repository-name', 'releases', '--lifecycle-policy-text', keepTwoReleases]);
    assert.equal(started.status, 0, started.stderr);
    assert.deepEqual(started.json, { registryId: accountId, repositoryName: 'releases', lifecyclePolicyText: keepTwoReleases, status: 'IN_PROGRESS' });

    const waited = await berth.aws(['wait', 'lifecycle-policy-preview-complete', '--repository-name', 'releases']);
    assert.equal(waited.status, 0, waited.stderr);

    const preview = await berth.aws(['get-lifecycle-policy-preview', '--repository-name', 'releases']);
    assert.equal(preview.status, 0, preview.stderr);
    assert.equal(preview.json.status, 'COMPLETE');
    assert.equal(preview.json.lifecyclePolicyText, keepTwoReleases);
    assert.deepEqual(preview.json.summary, { expiringImageTotalCount: 3 });
    const expiring = releases.slice(0, 3);
    assert.deepEqual(
      preview.json.previewResults.map((result: any) => [result.imageDigest, result.imageTags, result.action, result.appliedRulePriority]),
      expiring.map((image) => [image.digest, [image.tag], { type: 'EXPIRE' }, 1]),
      'the three oldest releases, oldest first, by rule 1',
    );
    assert.equal(typeof preview.json.previewResults[0].imagePushedAt, 'number');

    const untagged = await berth.aws(['get-lifecycle-policy-preview', '--repository-name', 'releases', '--filter', 'tagStatus=UNTAGGED']);
    assert.deepEqual(untagged.json.previewResults, []);
    assert.deepEqual(untagged.json.summary, { expiringImageTotalCount: 3 }, 'the summary counts the whole preview');
    const byTag = await berth.aws(['get-lifecycle-policy-preview', '--repository-name', 'releases', '--image-ids', `imageTag=${expiring[1].tag}`, `imageDigest=${releases[4].digest}`]);
    assert.deepEqual(byTag.json.previewResults.map((result: any) => result.imageDigest), [expiring[1].digest], 'only the named images that expire');
  });

  test('preview results page with nextToken: the SDK paginator, the CLI --page-size, and imageIds refuse paging', async () => {
    await client.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'releases' }));
    const pages: string[][] = [];
    for await (const page of paginateGetLifecyclePolicyPreview({ client, pageSize: 2 }, { repositoryName: 'releases' })) {
      pages.push((page.previewResults ?? []).map((result) => result.imageDigest!));
    }
    assert.deepEqual(pages, [releases.slice(0, 2).map((image) => image.digest), [releases[2].digest]]);
    const cli = await berth.aws(['get-lifecycle-policy-preview', '--repository-name', 'releases', '--page-size', '1']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(cli.json.previewResults.map((result: any) => result.imageDigest), releases.slice(0, 3).map((image) => image.digest));

    await assert.rejects(
      client.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'releases', imageIds: [{ imageTag: 'v0' }], maxResults: 5 })),
      { name: 'InvalidParameterException', message: 'Cannot specify imageIds together with nextToken or maxResults' },
    );
    await assert.rejects(client.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'releases', nextToken: 'not-a-token' })), { name: 'InvalidParameterException' });
  });

  test('a preview of the stored policy needs one; previews and policies of missing repositories are errors', async () => {
    const noPolicy = await berth.aws(['start-lifecycle-policy-preview', '--repository-name', 'previews-none']);
    assert.equal(cliErrorType(noPolicy), 'LifecyclePolicyNotFoundException');
    const noPreview = await berth.aws(['get-lifecycle-policy-preview', '--repository-name', 'previews-none']);
    assert.equal(cliErrorType(noPreview), 'LifecyclePolicyPreviewNotFoundException');
    assert.match(noPreview.stderr, /There is no lifecycle policy preview for the repository with name 'previews-none'/);
    const invalid = await berth.aws(['start-lifecycle-policy-preview', '--repository-name', 'previews-none', '--lifecycle-policy-text', policy(expireRule(0, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }))]);
    assert.equal(cliErrorType(invalid), 'InvalidParameterException');
    for (const operation of ['start-lifecycle-policy-preview', 'get-lifecycle-policy-preview']) {
      assert.equal(cliErrorType(await berth.aws([operation, '--repository-name', 'nowhere'])), 'RepositoryNotFoundException', operation);
    }
    await assert.rejects(client.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'nowhere', registryId: '999999999999' })), { name: 'AccessDeniedException' });
  });

  test('deleting a repository deletes its policy and preview: a repository made again under the name has neither', async () => {
    await berth.aws(['put-lifecycle-policy', '--repository-name', 'recreated', '--lifecycle-policy-text', keepTwoReleases]);
    await berth.aws(['start-lifecycle-policy-preview', '--repository-name', 'recreated']);
    await berth.aws(['wait', 'lifecycle-policy-preview-complete', '--repository-name', 'recreated']);
    assert.equal((await berth.aws(['delete-repository', '--repository-name', 'recreated', '--force'])).status, 0);
    await berth.aws(['create-repository', '--repository-name', 'recreated']);
    assert.equal(cliErrorType(await berth.aws(['get-lifecycle-policy', '--repository-name', 'recreated'])), 'LifecyclePolicyNotFoundException');
    assert.equal(cliErrorType(await berth.aws(['get-lifecycle-policy-preview', '--repository-name', 'recreated'])), 'LifecyclePolicyPreviewNotFoundException');
  });
});
