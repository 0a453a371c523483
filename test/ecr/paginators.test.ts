// The SDK paginators of shared/specs/aws-ecr/paginators-1.json (paginateX in @aws-sdk/client-ecr)
// and the AWS CLI's automatic pagination (--page-size) walk every page of the operations Berth
// serves, seeing each item once. The operations behind the paginators and waiters of subsystems
// that do not exist yet must answer NotImplementedException, never a fake success.
import {
  DescribeImageScanFindingsCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoryCreationTemplatesCommand,
  GetAuthorizationTokenCommand,
  paginateDescribeImages,
  paginateDescribeRepositories,
  paginateListImages,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEcrBerth, type EcrBerth } from './ecr-harness.js';
import { pushImage } from './v2-client.js';

/** Every page of a paginator: the items of each page, in order. */
async function pagesOf<Page, Item>(pages: AsyncIterable<Page>, items: (page: Page) => Item[] | undefined): Promise<Item[][]> {
  const seen: Item[][] = [];
  for await (const page of pages) seen.push(items(page) ?? []);
  return seen;
}

describe('ECR paginators', () => {
  let berth: EcrBerth;
  let client: ECRClient;
  const repositories = Array.from({ length: 5 }, (_, i) => `paging/repo-${i}`);
  const pushed: { digest: string; tag: string }[] = [];

  before(async () => {
    berth = await startEcrBerth();
    client = berth.sdk();
    for (const name of repositories) await berth.aws(['create-repository', '--repository-name', name]);
    const token = (await client.send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!.authorizationToken!;
    for (let i = 0; i < 5; i++) {
      const image = await pushImage({ url: berth.url, token }, 'paging/repo-0', `v${i}`);
      pushed.push({ digest: image.manifestDigest, tag: `v${i}` });
    }
  });
  after(async () => {
    await berth?.stop();
  });

  test('paginateDescribeRepositories and `aws ecr describe-repositories --page-size` walk every page', async () => {
    const pages = await pagesOf(paginateDescribeRepositories({ client, pageSize: 2 }, {}), (page) => page.repositories);
    assert.deepEqual(pages.map((page) => page.length), [2, 2, 1]);
    assert.deepEqual(pages.flat().map((repository) => repository.repositoryName), repositories);
    const cli = await berth.aws(['describe-repositories', '--page-size', '2']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(cli.json.repositories.map((repository: { repositoryName: string }) => repository.repositoryName), repositories);
  });

  test('paginateListImages and `aws ecr list-images --page-size` walk every page', async () => {
    const pages = await pagesOf(paginateListImages({ client, pageSize: 2 }, { repositoryName: 'paging/repo-0' }), (page) => page.imageIds);
    assert.ok(pages.length >= 3, `${pages.length} pages of at most 2`);
    assert.ok(pages.every((page) => page.length <= 2));
    const digests = pages.flat().map((id) => id.imageDigest);
    assert.equal(new Set(digests).size, digests.length, 'no image twice');
    assert.deepEqual([...digests].sort(), pushed.map((image) => image.digest).sort());
    const cli = await berth.aws(['list-images', '--repository-name', 'paging/repo-0', '--page-size', '2']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(cli.json.imageIds.map((id: { imageDigest: string }) => id.imageDigest).sort(), [...digests].sort());
  });

  test('paginateDescribeImages walks every page', async () => {
    const pages = await pagesOf(paginateDescribeImages({ client, pageSize: 2 }, { repositoryName: 'paging/repo-0' }), (page) => page.imageDetails);
    assert.ok(pages.length >= 3, `${pages.length} pages of at most 2`);
    assert.ok(pages.every((page) => page.length <= 2));
    const details = pages.flat();
    assert.deepEqual(
      details.map((detail) => `${detail.imageDigest} ${detail.imageTags?.join(',')}`).sort(),
      pushed.map((image) => `${image.digest} ${image.tag}`).sort(),
    );
  });

  // Paginators and waiters (waiters-2.json) over subsystems Berth does not have yet. They need real
  // scans, pull-through cache rules and creation templates; nothing is faked. (Lifecycle previews'
  // paginator and waiter: test/ecr/lifecycle.test.ts.)
  const notYet: { what: string; send: () => Promise<unknown> }[] = [
    { what: 'paginateDescribeImageScanFindings and the ImageScanComplete waiter (scanning)', send: () => client.send(new DescribeImageScanFindingsCommand({ repositoryName: 'paging/repo-0', imageId: { imageTag: 'v0' } })) },
    { what: 'paginateDescribePullThroughCacheRules (pull-through cache)', send: () => client.send(new DescribePullThroughCacheRulesCommand({})) },
    { what: 'paginateDescribeRepositoryCreationTemplates (creation templates)', send: () => client.send(new DescribeRepositoryCreationTemplatesCommand({})) },
  ];
  for (const { what, send } of notYet) {
    test(`${what} answers NotImplementedException naming it, until its subsystem exists`, async () => {
      await assert.rejects(send(), { name: 'NotImplementedException' });
    });
  }
});
