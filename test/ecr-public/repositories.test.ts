// ECR Public repositories through the unchanged `aws ecr-public`, on the same endpoint as `aws ecr`:
// creation with catalog data (logo included) and resource tags, describe-registries and the alias,
// describe-repositories with paging, catalog data of repositories and of the registry, repository
// policies, tags, deletion, and the exceptions bad input gets.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliErrorType } from '../ecr/ecr-harness.js';
import { startPublicBerth, type PublicBerth } from './public-harness.js';

/**
 * AWS CLI v1 sends a blob member of JSON input as the bytes of the text given (it base64-encodes the
 * string itself), so a logo it can carry is a text one: SVG. (gallery.test.ts sends a PNG as the SDKs do.)
 */
const svgLogo = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="teal"/></svg>';

describe('ECR Public repositories (aws ecr-public)', () => {
  let berth: PublicBerth;
  let scratch: string;
  let accountId: string;
  let alias: string;

  before(async () => {
    berth = await startPublicBerth();
    scratch = await mkdtemp(join(tmpdir(), 'berth-ecr-public-'));
  });
  after(async () => {
    await berth?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** A JSON file for `file://` arguments. */
  const jsonFile = async (name: string, value: unknown) => {
    const path = join(scratch, name);
    await writeFile(path, JSON.stringify(value));
    return `file://${path}`;
  };

  test('create-repository with catalog data and a logo; describe-registries names the alias the URI uses', async () => {
    const catalogData = await jsonFile('catalog.json', {
      description: 'A small web server',
      aboutText: '# About\nIt serves.',
      usageText: 'docker run it',
      architectures: ['x86-64', 'ARM 64'],
      operatingSystems: ['Linux'],
      logoImageBlob: svgLogo,
    });
    const created = await berth.ecrPublic(['create-repository', '--repository-name', 'team/web', '--catalog-data', catalogData]);
    assert.equal(created.status, 0, created.stderr);
    const { repository } = created.json;
    accountId = repository.registryId;
    assert.match(accountId, /^\d{12}$/);

    const registries = await berth.ecrPublic(['describe-registries']);
    assert.equal(registries.status, 0, registries.stderr);
    assert.equal(registries.json.registries.length, 1);
    const registry = registries.json.registries[0];
    alias = registry.aliases[0].name;
    assert.match(alias, /^[a-z][a-z0-9]{7}$/, 'a default alias like ECR’s');
    assert.deepEqual(registry, {
      registryId: accountId,
      registryArn: `arn:aws:ecr-public::${accountId}:registry/${accountId}`,
      registryUri: `${berth.publicHost}/${alias}`,
      verified: false,
      aliases: [{ name: alias, status: 'ACTIVE', primaryRegistryAlias: true, defaultRegistryAlias: true }],
    });

    assert.equal(repository.repositoryArn, `arn:aws:ecr-public::${accountId}:repository/team/web`);
    assert.equal(repository.repositoryName, 'team/web');
    assert.equal(repository.repositoryUri, `${berth.publicHost}/${alias}/team/web`);
    assert.ok(Math.abs(repository.createdAt - Date.now() / 1000) < 300, 'createdAt is epoch seconds, now');
    const { logoUrl, ...catalog } = created.json.catalogData;
    assert.deepEqual(catalog, {
      description: 'A small web server',
      aboutText: '# About\nIt serves.',
      usageText: 'docker run it',
      architectures: ['x86-64', 'ARM 64'],
      operatingSystems: ['Linux'],
      marketplaceCertified: false,
    });
    const logo = await fetch(logoUrl);
    assert.equal(logo.status, 200);
    assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
    assert.equal(await logo.text(), svgLogo, 'the logo URL serves the bytes sent');
  });

  test('public and private repositories are apart: the private API lists none of them, and a name may be used in both', async () => {
    const privateList = await berth.aws(['describe-repositories']);
    assert.equal(privateList.status, 0, privateList.stderr);
    assert.ok(!privateList.json.repositories.some((found: { repositoryName: string }) => found.repositoryName.endsWith('team/web')));
    const privateCreated = await berth.aws(['create-repository', '--repository-name', 'team/web']);
    assert.equal(privateCreated.status, 0, privateCreated.stderr);
    assert.equal(privateCreated.json.repository.repositoryUri, `${berth.host}/team/web`);
    const publicList = await berth.ecrPublic(['describe-repositories', '--repository-names', 'team/web']);
    assert.equal(publicList.json.repositories[0].repositoryUri, `${berth.publicHost}/${alias}/team/web`);
  });

  test('describe-repositories pages by name with nextToken; named repositories must all exist', async () => {
    for (const name of ['paging/c', 'paging/a', 'paging/b']) assert.equal((await berth.ecrPublic(['create-repository', '--repository-name', name])).status, 0);
    const all = await berth.ecrPublic(['describe-repositories', '--page-size', '1']);
    assert.equal(all.status, 0, all.stderr);
    const names = all.json.repositories.map((found: { repositoryName: string }) => found.repositoryName);
    assert.deepEqual(names.filter((name: string) => name.startsWith('paging/')), ['paging/a', 'paging/b', 'paging/c'], 'every page, in name order');
    const first = await berth.ecrPublic(['describe-repositories', '--max-items', '2']);
    assert.equal(first.json.repositories.length, 2);
    assert.equal(typeof first.json.NextToken, 'string');
    const named = await berth.ecrPublic(['describe-repositories', '--repository-names', 'paging/b', 'paging/a']);
    assert.deepEqual(named.json.repositories.map((found: { repositoryName: string }) => found.repositoryName), ['paging/a', 'paging/b']);
    const missing = await berth.ecrPublic(['describe-repositories', '--repository-names', 'paging/a', 'paging/none']);
    assert.equal(cliErrorType(missing), 'RepositoryNotFoundException');
    assert.match(missing.stderr, new RegExp(`'paging/none' does not exist in the registry with id '${accountId}'`));
  });

  test('put-repository-catalog-data updates what it names, keeps the rest, and empty values clear', async () => {
    const described = await berth.ecrPublic(['put-repository-catalog-data', '--repository-name', 'team/web', '--catalog-data', 'description=Now faster']);
    assert.equal(described.status, 0, described.stderr);
    assert.equal(described.json.catalogData.description, 'Now faster');
    assert.equal(described.json.catalogData.aboutText, '# About\nIt serves.', 'members left out keep their value');
    assert.ok(described.json.catalogData.logoUrl, 'the logo stays');

    const cleared = await berth.ecrPublic(['put-repository-catalog-data', '--repository-name', 'team/web', '--catalog-data', await jsonFile('clear.json', { architectures: [], aboutText: '', logoImageBlob: '' })]);
    assert.equal(cleared.status, 0, cleared.stderr);
    const got = await berth.ecrPublic(['get-repository-catalog-data', '--repository-name', 'team/web']);
    assert.deepEqual(got.json.catalogData, {
      description: 'Now faster',
      usageText: 'docker run it',
      architectures: [],
      operatingSystems: ['Linux'],
      marketplaceCertified: false,
    });
  });

  test('get-authorization-token: a 12-hour token in ECR’s format, which get-login-password unwraps', async () => {
    const result = await berth.ecrPublic(['get-authorization-token']);
    assert.equal(result.status, 0, result.stderr);
    const { authorizationToken, expiresAt } = result.json.authorizationData;
    const hours = (expiresAt - Date.now() / 1000) / 3600;
    assert.ok(hours > 11.9 && hours <= 12, `expires in ${hours} h`);
    const decoded = Buffer.from(authorizationToken, 'base64').toString();
    assert.ok(decoded.startsWith('AWS:') && decoded.split(':').length === 2, 'user AWS, a password without a colon');
    assert.notEqual(await berth.loginPassword(), decoded.slice(4), 'a fresh token each time');
  });

  test('registry catalog data: a display name, empty until set', async () => {
    assert.deepEqual((await berth.ecrPublic(['get-registry-catalog-data'])).json, { registryCatalogData: {} });
    const put = await berth.ecrPublic(['put-registry-catalog-data', '--display-name', 'Team Registry']);
    assert.equal(put.status, 0, put.stderr);
    assert.deepEqual(put.json, { registryCatalogData: { displayName: 'Team Registry' } });
    assert.deepEqual((await berth.ecrPublic(['get-registry-catalog-data'])).json, { registryCatalogData: { displayName: 'Team Registry' } });
    const tooLong = await berth.ecrPublic(['put-registry-catalog-data', '--display-name', 'x'.repeat(101)]);
    assert.equal(cliErrorType(tooLong), 'InvalidParameterException');
  });

  test('repository policies: set only what parses as a policy, get it back as sent, delete it once', async () => {
    const notFound = await berth.ecrPublic(['get-repository-policy', '--repository-name', 'team/web']);
    assert.equal(cliErrorType(notFound), 'RepositoryPolicyNotFoundException');
    for (const bad of ['not json', '["Statement"]', '{"Version":"2012-10-17"}']) {
      const refused = await berth.ecrPublic(['set-repository-policy', '--repository-name', 'team/web', '--policy-text', bad]);
      assert.equal(cliErrorType(refused), 'InvalidParameterException', bad);
    }
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'push', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: ['ecr-public:*'] }] }, null, 1);
    const set = await berth.ecrPublic(['set-repository-policy', '--repository-name', 'team/web', '--policy-text', policy]);
    assert.equal(set.status, 0, set.stderr);
    assert.deepEqual(set.json, { registryId: accountId, repositoryName: 'team/web', policyText: policy });
    assert.equal((await berth.ecrPublic(['get-repository-policy', '--repository-name', 'team/web'])).json.policyText, policy, 'byte for byte');
    const deleted = await berth.ecrPublic(['delete-repository-policy', '--repository-name', 'team/web']);
    assert.equal(deleted.json.policyText, policy);
    assert.equal(cliErrorType(await berth.ecrPublic(['delete-repository-policy', '--repository-name', 'team/web'])), 'RepositoryPolicyNotFoundException');
  });

  test('resource tags by ARN: create with tags, tag, list, untag; foreign and malformed ARNs, too many tags', async () => {
    const created = await berth.ecrPublic(['create-repository', '--repository-name', 'tagged', '--tags', 'Key=team,Value=a']);
    assert.equal(created.status, 0, created.stderr);
    const arn = created.json.repository.repositoryArn;
    assert.equal((await berth.ecrPublic(['tag-resource', '--resource-arn', arn, '--tags', 'Key=env,Value=dev', 'Key=team,Value=b'])).status, 0);
    assert.deepEqual((await berth.ecrPublic(['list-tags-for-resource', '--resource-arn', arn])).json.tags, [
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'b' },
    ]);
    assert.equal((await berth.ecrPublic(['untag-resource', '--resource-arn', arn, '--tag-keys', 'team', 'absent'])).status, 0);
    assert.deepEqual((await berth.ecrPublic(['list-tags-for-resource', '--resource-arn', arn])).json.tags, [{ Key: 'env', Value: 'dev' }]);

    for (const foreign of [`arn:aws:ecr:us-east-1:${accountId}:repository/tagged`, 'arn:aws:ecr-public::999999999999:repository/tagged', 'tagged']) {
      const refused = await berth.ecrPublic(['list-tags-for-resource', '--resource-arn', foreign]);
      assert.equal(cliErrorType(refused), 'InvalidParameterException', foreign);
    }
    const missing = await berth.ecrPublic(['list-tags-for-resource', '--resource-arn', `arn:aws:ecr-public::${accountId}:repository/none`]);
    assert.equal(cliErrorType(missing), 'RepositoryNotFoundException');
    const tooMany = Array.from({ length: 50 }, (_, index) => `Key=k${index},Value=v`);
    assert.equal(cliErrorType(await berth.ecrPublic(['tag-resource', '--resource-arn', arn, '--tags', ...tooMany])), 'TooManyTagsException');
  });

  test('delete-repository: refused while it holds images unless forced; its catalog data goes with it', async () => {
    const created = await berth.ecrPublic(['create-repository', '--repository-name', 'doomed', '--catalog-data', 'description=bye']);
    assert.equal(created.status, 0, created.stderr);
    const owner = berth.client(await berth.token([`repository:${alias}/doomed:pull,push`], await berth.loginPassword()));
    await owner.pushImage(`${alias}/doomed`, 'v1');
    const refused = await berth.ecrPublic(['delete-repository', '--repository-name', 'doomed']);
    assert.equal(cliErrorType(refused), 'RepositoryNotEmptyException');
    assert.match(refused.stderr, new RegExp(`'doomed' in registry with id '${accountId}'`));
    const deleted = await berth.ecrPublic(['delete-repository', '--repository-name', 'doomed', '--force']);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.equal(deleted.json.repository.repositoryName, 'doomed');
    assert.equal(cliErrorType(await berth.ecrPublic(['get-repository-catalog-data', '--repository-name', 'doomed'])), 'RepositoryNotFoundException');
    const again = await berth.ecrPublic(['create-repository', '--repository-name', 'doomed']);
    assert.deepEqual(again.json.catalogData, { architectures: [], operatingSystems: [], marketplaceCertified: false }, 'a new repository of the same name starts afresh');
  });

  test('bad input gets ECR Public’s exceptions, worded with the caller’s names', async () => {
    for (const name of ['UPPER', 'a__b', 'a--b', `a${'b'.repeat(205)}`, 'trailing/']) {
      const refused = await berth.ecrPublic(['create-repository', '--repository-name', name]);
      assert.equal(cliErrorType(refused), 'InvalidParameterException', name);
    }
    const exists = await berth.ecrPublic(['create-repository', '--repository-name', 'team/web']);
    assert.equal(cliErrorType(exists), 'RepositoryAlreadyExistsException');
    assert.match(exists.stderr, new RegExp(`'team/web' already exists in the registry with id '${accountId}'`));
    const longDescription = await berth.ecrPublic(['create-repository', '--repository-name', 'long', '--catalog-data', `description=${'d'.repeat(1025)}`]);
    assert.equal(cliErrorType(longDescription), 'InvalidParameterException');
    const bigLogo = await berth.ecrPublic(['create-repository', '--repository-name', 'big', '--catalog-data', await jsonFile('big.json', { logoImageBlob: 'l'.repeat(512_001) })]);
    assert.equal(cliErrorType(bigLogo), 'InvalidParameterException');
    const maxLogo = await berth.ecrPublic(['create-repository', '--repository-name', 'biggest', '--catalog-data', await jsonFile('max.json', { logoImageBlob: 'l'.repeat(512_000) })]);
    assert.equal(maxLogo.status, 0, `a logo of exactly 512,000 bytes is accepted: ${maxLogo.stderr}`);
    const otherAccount = await berth.ecrPublic(['describe-repositories', '--registry-id', '999999999999']);
    assert.equal(cliErrorType(otherAccount), 'AccessDeniedException');
    const unknown = await berth.ecrPublic(['get-repository-catalog-data', '--repository-name', 'no/such']);
    assert.equal(cliErrorType(unknown), 'RepositoryNotFoundException');
    assert.match(unknown.stderr, new RegExp(`'no/such' does not exist in the registry with id '${accountId}'`));
    assert.ok(!unknown.stderr.includes(`${alias}/`) && !unknown.stderr.includes("'ecr-public'"), 'never the stored name');
  });
});
