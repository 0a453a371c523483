// The gallery API: public catalog data without credentials — search by text, architecture and
// operating system badges, pages, one repository's details, its logo — over repositories made with
// `aws ecr-public`, and a PNG logo sent the way the AWS SDKs send blobs (base64 in the JSON body,
// signed with the SDK's own SigV4 signer).
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPublicBerth, type PublicBerth } from './public-harness.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR and the rest')]);

describe('the gallery API', () => {
  let berth: PublicBerth;
  let alias: string;

  /** GET on the gallery without credentials; the JSON body. */
  const gallery = async (path: string): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${berth.url}/gallery/api/${path}`);
    return { status: response.status, body: await response.json() };
  };
  const names = (body: { repositories: { repositoryName: string }[] }) => body.repositories.map((found) => found.repositoryName);

  /** PutRepositoryCatalogData signed by @smithy/signature-v4, as @aws-sdk clients send it. */
  async function putCatalogDataAsSdk(repositoryName: string, catalogData: Record<string, unknown>): Promise<number> {
    const url = new URL(berth.url);
    const body = JSON.stringify({ repositoryName, catalogData });
    const signer = new SignatureV4({ service: 'ecr-public', region: 'us-east-1', credentials: berth.credentials, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SpencerFrontendService.PutRepositoryCatalogData' },
        body,
      }),
    );
    const response = await fetch(berth.url, { method: 'POST', headers: signed.headers, body });
    return response.status;
  }

  before(async () => {
    berth = await startPublicBerth();
    const create = async (name: string, catalogData?: string) => {
      const result = await berth.ecrPublic(['create-repository', '--repository-name', name, ...(catalogData ? ['--catalog-data', catalogData] : [])]);
      assert.equal(result.status, 0, result.stderr);
    };
    await create('web/server', 'description=Fast web server,architectures=x86-64,ARM 64,operatingSystems=Linux,aboutText=# Server,usageText=run it');
    await create('db/store', 'description=A DATABASE,architectures=ARM,operatingSystems=Linux,Windows');
    await create('odd/badges', 'description=odd badges,architectures=arm64,operatingSystems=linux');
    await create('plain');
    assert.equal((await berth.aws(['create-repository', '--repository-name', 'web/private'])).status, 0);
    alias = (await berth.ecrPublic(['describe-registries'])).json.registries[0].aliases[0].name;
  });
  after(async () => {
    await berth?.stop();
  });

  test('search without filters lists every public repository by name, and never a private one', async () => {
    const all = await gallery('repositories');
    assert.equal(all.status, 200);
    assert.deepEqual(names(all.body), ['db/store', 'odd/badges', 'plain', 'web/server']);
    const server = all.body.repositories.find((found: { repositoryName: string }) => found.repositoryName === 'web/server');
    assert.deepEqual(server, {
      registryAlias: alias,
      repositoryName: 'web/server',
      repositoryUri: `${berth.publicHost}/${alias}/web/server`,
      createdAt: server.createdAt,
      description: 'Fast web server',
      architectures: ['x86-64', 'ARM 64'],
      operatingSystems: ['Linux'],
    });
    assert.ok(!Number.isNaN(Date.parse(server.createdAt)));
  });

  test('text matches names and descriptions in any case; badges match exactly; unsupported badges are not discoverable', async () => {
    assert.deepEqual(names((await gallery('repositories?q=WEB')).body), ['web/server']);
    assert.deepEqual(names((await gallery('repositories?q=database')).body), ['db/store']);
    assert.deepEqual(names((await gallery('repositories?architecture=ARM')).body), ['db/store'], 'ARM is not ARM 64');
    assert.deepEqual(names((await gallery(`repositories?architecture=${encodeURIComponent('ARM 64')}`)).body), ['web/server']);
    assert.deepEqual(names((await gallery('repositories?operatingSystem=Windows&architecture=ARM')).body), ['db/store']);
    assert.deepEqual(names((await gallery('repositories?operatingSystem=Linux&q=fast')).body), ['web/server']);
    const odd = (await gallery('repositories?q=odd')).body.repositories[0];
    assert.deepEqual([odd.architectures, odd.operatingSystems], [[], []], 'badges outside the gallery’s lists are not shown');
    const api = await berth.ecrPublic(['get-repository-catalog-data', '--repository-name', 'odd/badges']);
    assert.deepEqual(api.json.catalogData.architectures, ['arm64'], 'the API still returns them');
    for (const bad of ['architecture=arm64', 'operatingSystem=linux', 'maxResults=0', 'maxResults=101', 'nextToken=garbage', `q=${'q'.repeat(257)}`]) {
      const refused = await gallery(`repositories?${bad}`);
      assert.equal(refused.status, 400, bad);
      assert.equal(typeof refused.body.error.message, 'string');
    }
  });

  test('pages of maxResults follow nextToken to the end', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await gallery(`repositories?maxResults=1${token ? `&nextToken=${token}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.repositories.length <= 1);
      seen.push(...names(page.body));
      token = page.body.nextToken;
    } while (token);
    assert.deepEqual(seen, ['db/store', 'odd/badges', 'plain', 'web/server']);
  });

  test('one repository in detail, with the registry’s display name; a PNG logo sent as the SDKs send it', async () => {
    assert.equal((await berth.ecrPublic(['put-registry-catalog-data', '--display-name', 'Team'])).status, 0);
    assert.equal(await putCatalogDataAsSdk('web/server', { logoImageBlob: png.toString('base64') }), 200);
    const detail = await gallery(`repositories/${alias}/web/server`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.registryDisplayName, 'Team');
    assert.equal(detail.body.aboutText, '# Server');
    assert.equal(detail.body.usageText, 'run it');
    const logo = await fetch(detail.body.logoUrl);
    assert.equal(logo.status, 200);
    assert.equal(logo.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await logo.arrayBuffer()).equals(png));
    const apiLogoUrl = (await berth.ecrPublic(['get-repository-catalog-data', '--repository-name', 'web/server'])).json.catalogData.logoUrl;
    assert.equal(apiLogoUrl, detail.body.logoUrl, 'the API and the gallery give one logo URL');

    assert.equal((await gallery(`repositories/${alias}/no/such`)).status, 404);
    assert.equal((await gallery('repositories/nosuchalias/web/server')).status, 404);
    assert.equal((await fetch(`${berth.url}/gallery/api/logos/${alias}/plain`)).status, 404, 'no logo, no bytes');
  });
});
