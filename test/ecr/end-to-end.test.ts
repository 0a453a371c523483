// The whole ECR workflow with the unchanged tools people use: `aws ecr create-repository`, then
// `aws ecr get-login-password | skopeo login --password-stdin -u AWS <host>`, `skopeo copy` of a real
// busybox image, `aws ecr describe-images` / `list-images` showing it, `aws ecr batch-delete-image`,
// and a pull that then fails with MANIFEST_UNKNOWN.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildBusyboxImage, FIXTURE_TAG, imageToolsSkipReason } from '../support/images.js';
import { readJsonBlob, resolveRef, type ImageManifest } from '../support/oci-layout.js';
import { startEcrBerth, type EcrBerth } from './ecr-harness.js';

const skip = imageToolsSkipReason();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('end to end: AWS CLI + skopeo against Berth', { skip }, () => {
  let berth: EcrBerth;
  let work: string;
  let authFile: string;
  let policy: string;
  let layout: string;

  /** skopeo with its own trust policy and auth file, so the machine's configuration changes nothing. */
  const skopeo = (args: string[], stdin = ''): Promise<Run> =>
    new Promise((resolve, reject) => {
      const [command, ...rest] = args;
      const child = spawn('skopeo', ['--policy', policy, command!, '--authfile', authFile, ...rest], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(stdin);
    });

  before(async () => {
    layout = await buildBusyboxImage();
    berth = await startEcrBerth();
    work = await mkdtemp(join(tmpdir(), 'berth-ecr-e2e-'));
    authFile = join(work, 'auth.json');
    policy = join(work, 'policy.json');
    await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  });
  after(async () => {
    await berth?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('create-repository → get-login-password | skopeo login → skopeo copy → describe-images / list-images → batch-delete-image → MANIFEST_UNKNOWN', async () => {
    const created = await berth.aws(['create-repository', '--repository-name', 'e2e/busybox']);
    assert.equal(created.status, 0, created.stderr);
    const registryId: string = created.json.repository.registryId;
    const repositoryUri: string = created.json.repository.repositoryUri;
    assert.equal(repositoryUri, `${berth.host}/e2e/busybox`);

    const password = await berth.aws(['get-login-password']);
    assert.equal(password.status, 0, password.stderr);
    const login = await skopeo(['login', '--tls-verify=false', '--password-stdin', '-u', 'AWS', berth.host], password.stdout);
    assert.equal(login.code, 0, login.stderr);
    const saved = JSON.parse(await readFile(authFile, 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.ok(saved.auths[berth.host], 'skopeo saved the login for the registry host');

    const digestFile = join(work, 'digest');
    const push = await skopeo(['copy', '--dest-tls-verify=false', '--digestfile', digestFile, `oci:${layout}:${FIXTURE_TAG}`, `docker://${repositoryUri}:1.0`]);
    assert.equal(push.code, 0, `${push.stderr}\n--- berth ---\n${berth.output().slice(-3000)}`);
    const digest = (await readFile(digestFile, 'utf8')).trim();
    const root = await resolveRef(layout, FIXTURE_TAG);
    assert.equal(digest, root.digest, 'skopeo pushed the layout’s manifest unchanged');
    const manifest = await readJsonBlob<ImageManifest>(layout, root.digest);
    const layersBytes = manifest.layers.reduce((total, layer) => total + layer.size, 0);

    const described = await berth.aws(['describe-images', '--repository-name', 'e2e/busybox']);
    assert.equal(described.status, 0, described.stderr);
    assert.equal(described.json.imageDetails.length, 1);
    const detail = described.json.imageDetails[0];
    assert.equal(detail.registryId, registryId);
    assert.equal(detail.repositoryName, 'e2e/busybox');
    assert.equal(detail.imageDigest, digest);
    assert.deepEqual(detail.imageTags, ['1.0']);
    assert.equal(detail.imageSizeInBytes, layersBytes, 'imageSizeInBytes is the compressed layers’ total');
    assert.equal(detail.imageManifestMediaType, root.mediaType);
    assert.ok(Math.abs(detail.imagePushedAt - Date.now() / 1000) < 300, 'imagePushedAt is epoch seconds, now');

    const listed = await berth.aws(['list-images', '--repository-name', 'e2e/busybox']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.json.imageIds, [{ imageDigest: digest, imageTag: '1.0' }]);

    const deleted = await berth.aws(['batch-delete-image', '--repository-name', 'e2e/busybox', '--image-ids', `imageDigest=${digest}`]);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.deepEqual(deleted.json.failures, []);
    assert.ok(
      deleted.json.imageIds.some((id: { imageDigest?: string }) => id.imageDigest === digest),
      `the deleted image is reported: ${JSON.stringify(deleted.json.imageIds)}`,
    );

    for (const reference of [`${repositoryUri}:1.0`, `${repositoryUri}@${digest}`]) {
      const pull = await skopeo(['copy', '--src-tls-verify=false', `docker://${reference}`, `oci:${join(work, 'pulled')}:${FIXTURE_TAG}`]);
      assert.notEqual(pull.code, 0, `pulling ${reference} after batch-delete-image must fail`);
      assert.match(pull.stderr, /manifest unknown/i, pull.stderr);
    }
    const after = await berth.aws(['list-images', '--repository-name', 'e2e/busybox']);
    assert.deepEqual(after.json.imageIds, []);
  });
});
