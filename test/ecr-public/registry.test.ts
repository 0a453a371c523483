// The public registry with the tools people use: `aws ecr-public get-login-password | skopeo login`
// to its host, `skopeo copy` to push; anonymous `skopeo copy` pulls through the Bearer token flow;
// anonymous pushes fail; private repositories stay closed to anonymous callers on either host.
// Also the token flow on the wire: the challenges, /token's answers for anonymous callers, the
// owner and another account, and credentials it refuses.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { assertOciError } from '../oci/oci-client.js';
import { berthBin } from '../support/berth-process.js';
import { buildBusyboxImage, buildMultiArchIndex, FIXTURE_TAG, imageToolsSkipReason } from '../support/images.js';
import { resolveRef } from '../support/oci-layout.js';
import { skopeoIn, startPublicBerth, type PublicBerth, type Run } from './public-harness.js';

const skip = imageToolsSkipReason();
const execFileAsync = promisify(execFile);

describe('the public registry: Bearer token flow, skopeo pushes and anonymous pulls', { skip }, () => {
  let berth: PublicBerth;
  let work: string;
  let skopeo: Awaited<ReturnType<typeof skopeoIn>>;
  let layout: string;
  let otherLayout: string;
  let alias: string;
  let accountId: string;
  /** skopeo's credentials after `skopeo login` to the public host. */
  let ownerAuth: string;
  /** An auth file without credentials: an anonymous skopeo. */
  let anonymousAuth: string;
  let repository: string;

  const ok = (run: Run, what: string) => assert.equal(run.code, 0, `${what}\n${run.stderr}\n--- berth ---\n${berth.output().slice(-2000)}`);

  before(async () => {
    layout = await buildBusyboxImage();
    otherLayout = await buildMultiArchIndex();
    berth = await startPublicBerth();
    work = await mkdtemp(join(tmpdir(), 'berth-public-registry-'));
    skopeo = await skopeoIn(work);
    ownerAuth = join(work, 'owner.json');
    anonymousAuth = join(work, 'anonymous.json');
    await writeFile(ownerAuth, JSON.stringify({ auths: {} }));
    await writeFile(anonymousAuth, JSON.stringify({ auths: {} }));
    const created = await berth.ecrPublic(['create-repository', '--repository-name', 'tools/busybox', '--catalog-data', 'description=busybox for everyone']);
    assert.equal(created.status, 0, created.stderr);
    accountId = created.json.repository.registryId;
    repository = created.json.repository.repositoryUri;
    alias = (await berth.ecrPublic(['describe-registries'])).json.registries[0].aliases[0].name;
    assert.equal(repository, `${berth.publicHost}/${alias}/tools/busybox`);
  });
  after(async () => {
    await berth?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('aws ecr-public get-login-password | skopeo login, then skopeo copy pushes; the API describes the image and its tags', async () => {
    ok(await skopeo(['login', '--tls-verify=false', '--password-stdin', '-u', 'AWS', berth.publicHost], { authFile: ownerAuth, stdin: await berth.loginPassword() }), 'login');
    const digestFile = join(work, 'pushed-digest');
    ok(await skopeo(['copy', '--dest-tls-verify=false', '--digestfile', digestFile, `oci:${layout}:${FIXTURE_TAG}`, `docker://${repository}:1.0`], { authFile: ownerAuth }), 'push');
    const digest = (await readFile(digestFile, 'utf8')).trim();
    assert.equal(digest, (await resolveRef(layout, FIXTURE_TAG)).digest);

    const images = await berth.ecrPublic(['describe-images', '--repository-name', 'tools/busybox']);
    assert.deepEqual(
      images.json.imageDetails.map((image: { imageDigest: string; imageTags: string[]; registryId: string }) => [image.registryId, image.imageDigest, image.imageTags]),
      [[accountId, digest, ['1.0']]],
    );
    const tags = await berth.ecrPublic(['describe-image-tags', '--repository-name', 'tools/busybox']);
    assert.deepEqual(tags.json.imageTagDetails.map((tag: { imageTag: string; imageDetail: { imageDigest: string } }) => [tag.imageTag, tag.imageDetail.imageDigest]), [['1.0', digest]]);
  });

  test('an anonymous skopeo copy from the public repository succeeds, by tag and by digest', async () => {
    const digest = (await resolveRef(layout, FIXTURE_TAG)).digest;
    for (const reference of [`${repository}:1.0`, `${repository}@${digest}`]) {
      const digestFile = join(work, 'pulled-digest');
      ok(await skopeo(['copy', '--src-tls-verify=false', '--digestfile', digestFile, `docker://${reference}`, `oci:${join(work, 'pulled')}:${FIXTURE_TAG}`], { authFile: anonymousAuth }), `anonymous pull of ${reference}`);
      assert.equal((await readFile(digestFile, 'utf8')).trim(), digest);
    }
    assert.deepEqual(JSON.parse(await readFile(anonymousAuth, 'utf8')), { auths: {} }, 'no credentials were used');
  });

  test('an anonymous skopeo push fails with UNAUTHORIZED and stores nothing', async () => {
    const push = await skopeo(['copy', '--dest-tls-verify=false', '--all', `oci:${otherLayout}:${FIXTURE_TAG}`, `docker://${repository}:anonymous`], { authFile: anonymousAuth });
    assert.notEqual(push.code, 0, 'an anonymous push must fail');
    assert.match(push.stderr, /unauthorized|authentication required|denied/i, push.stderr);
    const tags = await berth.ecrPublic(['describe-image-tags', '--repository-name', 'tools/busybox']);
    assert.deepEqual(tags.json.imageTagDetails.map((tag: { imageTag: string }) => tag.imageTag), ['1.0']);
  });

  test('private repositories stay closed to anonymous callers, on the private host and on the public one', async () => {
    assert.equal((await berth.aws(['create-repository', '--repository-name', 'secret/app'])).status, 0);
    const privateAuth = join(work, 'private.json');
    await writeFile(privateAuth, JSON.stringify({ auths: {} }));
    const privatePassword = (await berth.aws(['get-login-password'])).stdout.trim();
    ok(await skopeo(['login', '--tls-verify=false', '--password-stdin', '-u', 'AWS', berth.host], { authFile: privateAuth, stdin: privatePassword }), 'private login');
    ok(await skopeo(['copy', '--dest-tls-verify=false', `oci:${layout}:${FIXTURE_TAG}`, `docker://${berth.host}/secret/app:1.0`], { authFile: privateAuth }), 'private push');

    const onPrivateHost = await skopeo(['copy', '--src-tls-verify=false', `docker://${berth.host}/secret/app:1.0`, `oci:${join(work, 'stolen')}:x`], { authFile: anonymousAuth });
    assert.notEqual(onPrivateHost.code, 0);
    assert.match(onPrivateHost.stderr, /unauthorized|authentication required/i, onPrivateHost.stderr);
    for (const name of ['secret/app', `${alias}/secret/app`]) {
      const onPublicHost = await skopeo(['copy', '--src-tls-verify=false', `docker://${berth.publicHost}/${name}:1.0`, `oci:${join(work, 'stolen')}:x`], { authFile: anonymousAuth });
      assert.notEqual(onPublicHost.code, 0, name);
      assert.match(onPublicHost.stderr, /name unknown|not found|manifest unknown/i, onPublicHost.stderr);
    }
    const publicLoginOnPrivateHost = await skopeo(['login', '--tls-verify=false', '--password-stdin', '-u', 'AWS', berth.host], {
      authFile: join(work, 'mixed.json'),
      stdin: await berth.loginPassword(),
    });
    assert.notEqual(publicLoginOnPrivateHost.code, 0, 'an ECR Public token is no ECR token');
    const privateLoginOnPublicHost = await skopeo(['login', '--tls-verify=false', '--password-stdin', '-u', 'AWS', berth.publicHost], {
      authFile: join(work, 'mixed.json'),
      stdin: privatePassword,
    });
    assert.notEqual(privateLoginOnPublicHost.code, 0, 'an ECR token is no ECR Public token');
  });

  test('the token flow on the wire: Bearer challenges, anonymous pull tokens, owner push tokens, refused credentials', async () => {
    const path = `/v2/${alias}/tools/busybox`;
    const ping = await berth.client().get('/v2/');
    assertOciError(ping, 401, 'UNAUTHORIZED');
    assert.equal(ping.header('www-authenticate'), `Bearer realm="http://${berth.publicHost}/token",service="${berth.publicHost}"`);
    const manifest = await berth.client().get(`${path}/manifests/1.0`);
    assertOciError(manifest, 401, 'UNAUTHORIZED');
    assert.equal(
      manifest.header('www-authenticate'),
      `Bearer realm="http://${berth.publicHost}/token",service="${berth.publicHost}",scope="repository:${alias}/tools/busybox:pull"`,
    );

    const anonymous = await fetch(`${berth.publicUrl}/token?service=${berth.publicHost}&scope=repository:${alias}/tools/busybox:pull,push`);
    assert.equal(anonymous.status, 200);
    const issued = (await anonymous.json()) as { token: string; access_token: string; expires_in: number; issued_at: string };
    assert.equal(issued.access_token, issued.token);
    assert.ok(issued.expires_in > 0 && issued.expires_in <= 3600, `expires_in ${issued.expires_in}`);
    assert.ok(Math.abs(Date.parse(issued.issued_at) - Date.now()) < 300_000);
    const reader = berth.client(issued.token);
    assert.equal((await reader.get('/v2/')).status, 200);
    assert.equal((await reader.get(`${path}/manifests/1.0`, { accept: 'application/vnd.oci.image.manifest.v1+json' })).status, 200);
    const refusedPush = await reader.request('POST', `${path}/blobs/uploads/`);
    assertOciError(refusedPush, 401, 'UNAUTHORIZED');
    assert.match(refusedPush.header('www-authenticate') ?? '', /scope="repository:[^"]+:pull,push",error="insufficient_scope"/);
    const otherRepository = await reader.get(`/v2/${alias}/tools/other/manifests/1.0`);
    assertOciError(otherRepository, 401, 'UNAUTHORIZED', 'a token covers the repositories it names');

    const password = await berth.loginPassword();
    const writer = berth.client(await berth.token([`repository:${alias}/tools/busybox:pull,push`], password));
    assert.equal((await writer.request('POST', `${path}/blobs/uploads/`)).status, 202, 'the owner may push');

    const { stdout } = await execFileAsync(process.execPath, [berthBin, 'admin', 'create-account', '--name', 'other', '--data', berth.dataDir], { env: { ...process.env, ...berth.storeEnv } });
    const other = JSON.parse(stdout) as { AccessKeyId: string; SecretAccessKey: string };
    const otherPassword = (await berth.ecrPublic(['get-login-password'], { credentials: { accessKeyId: other.AccessKeyId, secretAccessKey: other.SecretAccessKey } })).stdout.trim();
    const stranger = berth.client(await berth.token([`repository:${alias}/tools/busybox:pull,push`], otherPassword));
    assert.equal((await stranger.get(`${path}/manifests/1.0`, { accept: 'application/vnd.oci.image.manifest.v1+json' })).status, 200, 'another account may pull');
    assertOciError(await stranger.request('POST', `${path}/blobs/uploads/`), 403, 'DENIED');

    const privatePassword = (await berth.aws(['get-login-password'])).stdout.trim();
    for (const [what, authorization] of [
      ['an ECR token', `Basic ${Buffer.from(`AWS:${privatePassword}`).toString('base64')}`],
      ['garbage', `Basic ${Buffer.from('AWS:garbage').toString('base64')}`],
      ['another user name', `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`],
    ]) {
      const refused = await berth.client().get(`/token?scope=repository:${alias}/tools/busybox:pull`, { authorization: authorization! });
      assertOciError(refused, 401, 'UNAUTHORIZED', what);
    }
    assertOciError(await berth.client('v1.forged.token.value').get('/v2/'), 401, 'UNAUTHORIZED');
  });

  test('batch-delete-image: the next anonymous pull finds no manifest', async () => {
    const deleted = await berth.ecrPublic(['batch-delete-image', '--repository-name', 'tools/busybox', '--image-ids', 'imageTag=1.0']);
    assert.equal(deleted.status, 0, deleted.stderr);
    const pull = await skopeo(['copy', '--src-tls-verify=false', `docker://${repository}:1.0`, `oci:${join(work, 'gone')}:x`], { authFile: anonymousAuth });
    assert.notEqual(pull.code, 0);
    assert.match(pull.stderr, /manifest unknown/i, pull.stderr);
  });
});
