// End-to-end: the unchanged `skopeo` binary pushes and pulls real images (built with umoci and
// debootstrap, see test/support/images.ts) to and from a running `berth serve`, over plain HTTP on
// loopback. The point is byte-for-byte fidelity: what goes in comes back with the same digests.
//
// BERTH_E2E_TARGET=distribution runs the same suite against the reference registry (CNCF
// Distribution 2.8) to show what a reference registry does; its referrers tests are skipped (2.8
// predates the referrers API).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildArtifactWithSubject,
  buildBusyboxImage,
  buildDebianImage,
  buildMultiArchIndex,
  buildZstdImage,
  debianSkipReason,
  FIXTURE_TAG,
  imageToolsSkipReason,
  MULTI_ARCH_PLATFORMS,
  pushArtifact,
} from '../support/images.js';
import {
  MediaType,
  reachableBlobs,
  readJsonBlob,
  resolveRef,
  sha256Digest,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
} from '../support/oci-layout.js';
import { makeSkopeo, startTarget, targetKind, targetSkipReason, type RegistryTarget, type Skopeo } from './harness.js';

const skip = imageToolsSkipReason() ?? targetSkipReason();
const debianSkip = skip ?? debianSkipReason();

describe('skopeo against the registry', { skip }, () => {
  let target: RegistryTarget;
  let skopeo: Skopeo;
  let work: string;
  let busybox: string;
  let busyboxRoot: Descriptor;
  let multiArch: string;
  let multiArchRoot: Descriptor;
  let pulls = 0;

  const tls = ['--src-tls-verify=false', '--dest-tls-verify=false'];
  const ref = (repository: string, tagOrDigest: string) =>
    `docker://${target.host}/${repository}${tagOrDigest.startsWith('sha256:') ? '@' : ':'}${tagOrDigest}`;

  /** skopeo copy oci:<layout>:latest → docker://…; returns the digest skopeo wrote (--digestfile). */
  async function push(layout: string, repository: string, tag: string, extra: string[] = [], timeoutMs?: number): Promise<string> {
    const digestFile = join(work, `digest-${++pulls}`);
    await skopeo(['copy', ...tls, '--digestfile', digestFile, ...extra, `oci:${layout}:${FIXTURE_TAG}`, ref(repository, tag)], { timeoutMs });
    return (await readFile(digestFile, 'utf8')).trim();
  }

  /** skopeo copy docker://… → a fresh oci: layout (tag latest); returns the layout directory. */
  async function pullToLayout(source: string, extra: string[] = [], timeoutMs?: number): Promise<string> {
    const layout = join(work, `pulled-${++pulls}`);
    await skopeo(['copy', ...tls, ...extra, source, `oci:${layout}:${FIXTURE_TAG}`], { timeoutMs });
    return layout;
  }

  async function inspectRaw(source: string, extra: string[] = []): Promise<Buffer> {
    return (await skopeo(['inspect', '--tls-verify=false', '--raw', ...extra, source])).stdout;
  }

  /** The pulled layout holds the same root manifest and exactly the same (verified) blobs as the source. */
  async function assertSameImage(source: string, pulled: string): Promise<void> {
    const sourceRoot = await resolveRef(source, FIXTURE_TAG);
    const pulledRoot = await resolveRef(pulled, FIXTURE_TAG);
    assert.equal(pulledRoot.digest, sourceRoot.digest, 'root manifest digest after the round trip');
    assert.equal(pulledRoot.mediaType, sourceRoot.mediaType, 'root media type after the round trip');
    assert.deepEqual(await reachableBlobs(pulled, pulledRoot), await reachableBlobs(source, sourceRoot), 'every blob (digest, size, media type)');
  }

  /**
   * Checks a `skopeo copy … dir:<dir>` result, which keeps manifests exactly as served: manifest.json
   * hashes to rootDigest, list children are stored as <hex>.manifest.json, and every config and
   * layer blob is present and hashes to its name. Returns the digests of all manifests and blobs.
   */
  async function verifyDirCopy(dir: string, rootDigest: string): Promise<string[]> {
    const found: string[] = [];
    const checkManifest = async (bytes: Buffer, digest: string) => {
      assert.equal(sha256Digest(bytes), digest, `manifest ${digest} is byte-identical`);
      found.push(digest);
      const parsed = JSON.parse(bytes.toString()) as Partial<ImageManifest & ImageIndex>;
      if (parsed.manifests) {
        for (const child of parsed.manifests) await checkManifest(await readFile(join(dir, `${child.digest.slice(7)}.manifest.json`)), child.digest);
      } else {
        for (const blob of [parsed.config!, ...parsed.layers!]) {
          const content = await readFile(join(dir, blob.digest.slice(7)));
          assert.equal(sha256Digest(content), blob.digest, `blob ${blob.digest} content`);
          assert.equal(content.byteLength, blob.size, `blob ${blob.digest} size`);
          found.push(blob.digest);
        }
      }
    };
    await checkManifest(await readFile(join(dir, 'manifest.json')), rootDigest);
    const files = (await readdir(dir)).filter((name) => /^[0-9a-f]{64}(\.manifest\.json)?$/.test(name)).map((name) => `sha256:${name.slice(0, 64)}`);
    assert.deepEqual([...new Set(files)].sort(), [...new Set(found)].filter((d) => d !== rootDigest).sort(), 'no missing or extra files');
    return found;
  }

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'berth-e2e-skopeo-'));
    busybox = await buildBusyboxImage();
    busyboxRoot = await resolveRef(busybox, FIXTURE_TAG);
    multiArch = await buildMultiArchIndex();
    multiArchRoot = await resolveRef(multiArch, FIXTURE_TAG);
    target = await startTarget();
    skopeo = await makeSkopeo(target, work);
  });

  after(async () => {
    await target?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('single-platform OCI image (busybox)', () => {
    test('push stores the manifest byte-for-byte: digestfile, inspect --raw and inspect all give the layout digest', async () => {
      const pushed = await push(busybox, 'e2e/busybox', 'latest');
      assert.equal(pushed, busyboxRoot.digest, 'skopeo --digestfile after push');

      const raw = await inspectRaw(ref('e2e/busybox', 'latest'));
      assert.equal(sha256Digest(raw), busyboxRoot.digest, 'sha256 of the manifest served for the tag');
      const manifest = JSON.parse(raw.toString()) as ImageManifest;
      // umoci writes no `mediaType` field: the registry has to keep the Content-Type skopeo pushed with.
      const served = await fetch(`${target.url}/v2/e2e/busybox/manifests/latest`, {
        headers: { accept: `${MediaType.ociManifest}, ${MediaType.ociIndex}, ${MediaType.dockerManifest}` },
      });
      assert.equal(served.status, 200);
      assert.equal(sha256Digest(Buffer.from(await served.arrayBuffer())), busyboxRoot.digest);
      assert.equal(served.headers.get('content-type'), MediaType.ociManifest, 'Content-Type of a manifest without a mediaType field');
      assert.equal(served.headers.get('docker-content-digest'), busyboxRoot.digest);

      const byDigest = await inspectRaw(ref('e2e/busybox', busyboxRoot.digest));
      assert.equal(sha256Digest(byDigest), busyboxRoot.digest, 'the same manifest fetched by digest');

      const inspected = JSON.parse((await skopeo(['inspect', '--tls-verify=false', ref('e2e/busybox', 'latest')])).stdout.toString()) as {
        Digest: string;
        Architecture: string;
        Layers: string[];
      };
      assert.equal(inspected.Digest, busyboxRoot.digest, 'skopeo inspect Digest (from Docker-Content-Digest / content)');
      assert.deepEqual(inspected.Layers, manifest.layers.map((layer) => layer.digest));

      const config = (await skopeo(['inspect', '--tls-verify=false', '--config', '--raw', ref('e2e/busybox', 'latest')])).stdout;
      assert.equal(sha256Digest(config), manifest.config.digest, 'config blob served byte-for-byte');
    });

    test('pull back into a new OCI layout: identical manifest digest and identical config and layer blobs', async () => {
      await push(busybox, 'e2e/busybox-roundtrip', 'latest');
      const pulled = await pullToLayout(ref('e2e/busybox-roundtrip', 'latest'));
      await assertSameImage(busybox, pulled);
    });

    test('pull by digest (repo@sha256:…) yields the same image as pull by tag', async () => {
      await push(busybox, 'e2e/busybox-bydigest', 'latest');
      const pulled = await pullToLayout(ref('e2e/busybox-bydigest', busyboxRoot.digest));
      await assertSameImage(busybox, pulled);
    });

    test('zstd-compressed layers (tar+zstd) round-trip unchanged', async () => {
      const zstd = await buildZstdImage();
      const zstdRoot = await resolveRef(zstd, FIXTURE_TAG);
      assert.equal(await push(zstd, 'e2e/zstd', 'latest'), zstdRoot.digest);
      const manifest = JSON.parse((await inspectRaw(ref('e2e/zstd', 'latest'))).toString()) as ImageManifest;
      assert.deepEqual(manifest.layers.map((layer) => layer.mediaType), [MediaType.ociLayerZstd]);
      await assertSameImage(zstd, await pullToLayout(ref('e2e/zstd', 'latest')));
    });

    test('pushing another image to an existing tag moves the tag; the old manifest stays pullable by digest', async () => {
      await push(busybox, 'e2e/moving', 'current');
      assert.equal(await push(multiArch, 'e2e/moving', 'current', ['--all']), multiArchRoot.digest);
      assert.equal(sha256Digest(await inspectRaw(ref('e2e/moving', 'current'))), multiArchRoot.digest, 'tag now names the index');
      assert.equal(sha256Digest(await inspectRaw(ref('e2e/moving', busyboxRoot.digest))), busyboxRoot.digest, 'untagged manifest kept');
      await assertSameImage(busybox, await pullToLayout(ref('e2e/moving', busyboxRoot.digest)));
      const listed = JSON.parse((await skopeo(['list-tags', '--tls-verify=false', `docker://${target.host}/e2e/moving`])).stdout.toString()) as {
        Tags: string[];
      };
      assert.deepEqual(listed.Tags, ['current']);
    });

    test('an unknown repository, tag or digest is an error skopeo reports as name/manifest unknown', async () => {
      await push(busybox, 'e2e/known', 'latest');
      const cases = [
        ref('e2e/never-pushed', 'latest'),
        ref('e2e/known', 'no-such-tag'),
        ref('e2e/known', sha256Digest('no such manifest')),
      ];
      for (const source of cases) {
        const result = await skopeo.attempt(['inspect', '--tls-verify=false', '--raw', source]);
        assert.notEqual(result.code, 0, `${source} must not resolve`);
        assert.match(result.stderr, /(manifest|name) unknown/i, result.stderr);
      }
    });
  });

  describe('real Debian bookworm image', { skip: debianSkip }, () => {
    let debian: string;
    let debianRoot: Descriptor;
    const slow = 900_000;

    before(async () => {
      debian = await buildDebianImage();
      debianRoot = await resolveRef(debian, FIXTURE_TAG);
    });

    test('as OCI: push then pull back, manifest digest and every blob identical', { timeout: slow }, async () => {
      const pushed = await push(debian, 'e2e/debian', 'bookworm', [], slow);
      assert.equal(pushed, debianRoot.digest);
      assert.equal(sha256Digest(await inspectRaw(ref('e2e/debian', 'bookworm'))), debianRoot.digest);
      const pulled = await pullToLayout(ref('e2e/debian', 'bookworm'), [], slow);
      await assertSameImage(debian, pulled);
    });

    test('converted to Docker schema 2 (--format v2s2): served unchanged, pulled back byte-identical, same layer blobs', { timeout: slow }, async () => {
      const source = await readJsonBlob<ImageManifest>(debian, debianRoot.digest);
      const pushed = await push(debian, 'e2e/debian-docker', 'v2s2', ['--format', 'v2s2'], slow);
      assert.notEqual(pushed, debianRoot.digest, 'conversion to schema 2 produces a different manifest');

      const raw = await inspectRaw(ref('e2e/debian-docker', 'v2s2'));
      assert.equal(sha256Digest(raw), pushed, 'the Docker manifest is served byte-for-byte as pushed');
      const docker = JSON.parse(raw.toString()) as ImageManifest;
      assert.equal(docker.mediaType, MediaType.dockerManifest);
      assert.equal(docker.config.mediaType, MediaType.dockerConfig);
      assert.equal(docker.config.digest, source.config.digest, 'config blob carried over unchanged');
      assert.deepEqual(
        docker.layers.map((layer) => [layer.mediaType, layer.digest, layer.size]),
        source.layers.map((layer) => [MediaType.dockerLayerGzip, layer.digest, layer.size]),
        'same compressed layer blobs, Docker media types',
      );

      // dir: keeps the manifest bytes as served (oci: would convert it back to OCI).
      const dir = join(work, 'pulled-v2s2-dir');
      await skopeo(['copy', ...tls, ref('e2e/debian-docker', 'v2s2'), `dir:${dir}`], { timeoutMs: slow });
      const found = await verifyDirCopy(dir, pushed);
      assert.deepEqual(found.sort(), [pushed, docker.config.digest, ...docker.layers.map((layer) => layer.digest)].sort());
    });
  });

  describe('multi-arch image index', () => {
    test('copy --all pushes the index; inspect --raw returns it byte-for-byte with both platform children', async () => {
      const pushed = await push(multiArch, 'e2e/multi', 'latest', ['--all']);
      assert.equal(pushed, multiArchRoot.digest);
      const raw = await inspectRaw(ref('e2e/multi', 'latest'));
      assert.equal(sha256Digest(raw), multiArchRoot.digest, 'index digest');
      const index = JSON.parse(raw.toString()) as ImageIndex;
      assert.equal(index.mediaType, MediaType.ociIndex);
      assert.deepEqual(
        index.manifests.map((child) => child.platform),
        MULTI_ARCH_PLATFORMS.map((platform) => ({ ...platform })),
      );
      const source = await readJsonBlob<ImageIndex>(multiArch, multiArchRoot.digest);
      for (const child of source.manifests) {
        const childRaw = await inspectRaw(ref('e2e/multi', child.digest));
        assert.equal(sha256Digest(childRaw), child.digest, `child ${child.platform?.architecture} is stored by digest`);
      }
    });

    test('copy --all back: index, both manifests, both configs and the layer are identical', async () => {
      await push(multiArch, 'e2e/multi-roundtrip', 'latest', ['--all']);
      const pulled = await pullToLayout(ref('e2e/multi-roundtrip', 'latest'), ['--all']);
      await assertSameImage(multiArch, pulled);
      const blobs = await reachableBlobs(pulled, await resolveRef(pulled, FIXTURE_TAG));
      assert.equal(blobs.filter((blob) => blob.mediaType === MediaType.ociManifest).length, 2, 'both platform manifests');
    });

    test('--override-arch picks the matching child: arm64 gets the arm64 manifest, amd64 the amd64 one', async () => {
      await push(multiArch, 'e2e/multi-platform', 'latest', ['--all']);
      const source = await readJsonBlob<ImageIndex>(multiArch, multiArchRoot.digest);
      for (const architecture of ['arm64', 'amd64']) {
        const child = source.manifests.find((m) => m.platform?.architecture === architecture);
        assert.ok(child, `fixture has ${architecture}`);
        const pulled = await pullToLayout(ref('e2e/multi-platform', 'latest'), [`--override-arch=${architecture}`, '--override-os=linux']);
        const root = await resolveRef(pulled, FIXTURE_TAG);
        assert.equal(root.digest, child.digest, `${architecture} pull resolves to the ${architecture} child`);
        const config = await readJsonBlob<{ architecture: string }>(pulled, (await readJsonBlob<ImageManifest>(pulled, root.digest)).config.digest);
        assert.equal(config.architecture, architecture);
      }
      const inspected = JSON.parse(
        (await skopeo(['--override-arch=arm64', '--override-os=linux', 'inspect', '--tls-verify=false', ref('e2e/multi-platform', 'latest')])).stdout.toString(),
      ) as { Architecture: string };
      assert.equal(inspected.Architecture, 'arm64', 'skopeo inspect resolves the index to arm64');
    });

    test('copy --all --format v2s2 stores a Docker manifest list; pulled back (dir:) list, children and blobs are byte-identical', async () => {
      const pushed = await push(multiArch, 'e2e/multi-docker', 'latest', ['--all', '--format', 'v2s2']);
      const raw = await inspectRaw(ref('e2e/multi-docker', 'latest'));
      assert.equal(sha256Digest(raw), pushed, 'manifest list served as pushed');
      const list = JSON.parse(raw.toString()) as ImageIndex;
      assert.equal(list.mediaType, MediaType.dockerManifestList);
      assert.deepEqual(list.manifests.map((child) => [child.mediaType, child.platform?.architecture]), [
        [MediaType.dockerManifest, 'amd64'],
        [MediaType.dockerManifest, 'arm64'],
      ]);
      const dir = join(work, 'pulled-list-dir');
      await skopeo(['copy', ...tls, '--all', ref('e2e/multi-docker', 'latest'), `dir:${dir}`]);
      const found = await verifyDirCopy(dir, pushed);
      assert.equal(found.filter((digest) => list.manifests.some((child) => child.digest === digest)).length, 2, 'both children pulled');
    });
  });

  const unsortedTags = targetKind() === 'distribution' ? 'Distribution 2.8 lists tags in storage order, not sorted' : undefined;
  test('list-tags returns every pushed tag, in lexical or ASCIIbetical order (distribution-spec)', { todo: unsortedTags }, async () => {
    const tags = ['v2', 'latest', '1.0', 'v10', 'alpha', '0.9.1', 'Release-2', 'v1.10.0', 'v1.9.0'];
    for (const tag of tags) await push(busybox, 'e2e/tags', tag);
    const listed = JSON.parse((await skopeo(['list-tags', '--tls-verify=false', `docker://${target.host}/e2e/tags`])).stdout.toString()) as {
      Tags: string[];
    };
    const asciibetical = [...tags].sort();
    const lexical = [...tags].sort((a, b) => {
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
    assert.deepEqual([...listed.Tags].sort(), asciibetical, 'exactly the pushed tags');
    assert.ok(
      JSON.stringify(listed.Tags) === JSON.stringify(asciibetical) || JSON.stringify(listed.Tags) === JSON.stringify(lexical),
      `tags not in lexical/ASCIIbetical order: ${JSON.stringify(listed.Tags)} (expected ${JSON.stringify(asciibetical)} or ${JSON.stringify(lexical)})`,
    );
  });

  test('skopeo delete by digest removes the manifest: inspect reports manifest unknown, pull fails, its tag is gone', async () => {
    await push(busybox, 'e2e/delete', 'doomed');
    await push(multiArch, 'e2e/delete', 'survivor', ['--all']);
    await skopeo(['delete', '--tls-verify=false', ref('e2e/delete', busyboxRoot.digest)]);

    const inspected = await skopeo.attempt(['inspect', '--tls-verify=false', '--raw', ref('e2e/delete', busyboxRoot.digest)]);
    assert.notEqual(inspected.code, 0, 'inspect of a deleted manifest must fail');
    assert.match(inspected.stderr, /manifest unknown/i, inspected.stderr);

    const pulled = await skopeo.attempt(['copy', ...tls, ref('e2e/delete', busyboxRoot.digest), `oci:${join(work, 'deleted')}:x`]);
    assert.notEqual(pulled.code, 0, 'pull of a deleted manifest must fail');

    const byTag = await skopeo.attempt(['inspect', '--tls-verify=false', '--raw', ref('e2e/delete', 'doomed')]);
    assert.notEqual(byTag.code, 0, 'the tag that pointed at the deleted manifest must not resolve');
    assert.match(byTag.stderr, /manifest unknown/i, byTag.stderr);

    const listed = JSON.parse((await skopeo(['list-tags', '--tls-verify=false', `docker://${target.host}/e2e/delete`])).stdout.toString()) as {
      Tags: string[];
    };
    assert.deepEqual(listed.Tags, ['survivor'], 'only the other tag is left');
    assert.equal(sha256Digest(await inspectRaw(ref('e2e/delete', 'survivor'))), multiArchRoot.digest, 'other manifests untouched');
  });

  describe('cross-repository', () => {
    test('pushing the same image to a second repository (skopeo mounts or re-checks blobs) gives an identical, independent copy', async (t) => {
      await push(busybox, 'e2e/cross-a', 'latest');
      const digestFile = join(work, 'cross-b-digest');
      const second = await skopeo([
        '--debug', 'copy', ...tls, '--digestfile', digestFile, `oci:${busybox}:${FIXTURE_TAG}`, ref('e2e/cross-b', 'latest'),
      ]);
      assert.equal((await readFile(digestFile, 'utf8')).trim(), busyboxRoot.digest);
      const manifest = await readJsonBlob<ImageManifest>(busybox, busyboxRoot.digest);
      const mounts = (second.stderr.match(/Trying to mount/g) ?? []).length;
      const mounted = (second.stderr.match(/mount OK/g) ?? []).length;
      t.diagnostic(`skopeo tried ${mounts} cross-repository mount(s), ${mounted} succeeded`);

      for (const blob of [manifest.config, ...manifest.layers]) {
        const response = await fetch(`${target.url}/v2/e2e/cross-b/blobs/${blob.digest}`, { method: 'HEAD' });
        assert.equal(response.status, 200, `HEAD blob ${blob.digest} in e2e/cross-b`);
        assert.equal(response.headers.get('content-length'), String(blob.size));
        assert.equal(response.headers.get('docker-content-digest'), blob.digest);
      }
      await assertSameImage(busybox, await pullToLayout(ref('e2e/cross-b', 'latest')));

      // Independence: deleting the manifest from the first repository leaves the second intact.
      await skopeo(['delete', '--tls-verify=false', ref('e2e/cross-a', busyboxRoot.digest)]);
      await assertSameImage(busybox, await pullToLayout(ref('e2e/cross-b', 'latest')));
    });

    test('registry-to-registry copy (docker:// → docker://, same registry) keeps every digest', async () => {
      await push(multiArch, 'e2e/copy-source', 'latest', ['--all']);
      const digestFile = join(work, 'copy-digest');
      await skopeo(['copy', ...tls, '--all', '--digestfile', digestFile, ref('e2e/copy-source', 'latest'), ref('e2e/copy-target', 'v1')]);
      assert.equal((await readFile(digestFile, 'utf8')).trim(), multiArchRoot.digest);
      await assertSameImage(multiArch, await pullToLayout(ref('e2e/copy-target', 'v1'), ['--all']));
    });

    test('POST ?mount=<digest>&from=<repo> mounts the layer (201 + Location), or falls back to an upload session (202)', async () => {
      await push(busybox, 'e2e/mount-from', 'latest');
      const layer = (await readJsonBlob<ImageManifest>(busybox, busyboxRoot.digest)).layers[0];
      const response = await fetch(`${target.url}/v2/e2e/mount-to/blobs/uploads/?mount=${layer.digest}&from=e2e/mount-from`, {
        method: 'POST',
        redirect: 'manual',
      });
      await response.arrayBuffer();
      assert.ok(response.headers.get('location'), 'Location header');
      if (response.status === 201) {
        const head = await fetch(`${target.url}/v2/e2e/mount-to/blobs/${layer.digest}`, { method: 'HEAD' });
        assert.equal(head.status, 200, 'mounted blob is readable in the target repository');
        assert.equal(head.headers.get('content-length'), String(layer.size));
      } else {
        assert.equal(response.status, 202, `mount answered ${response.status}; spec allows 201 or 202`);
        const cancel = await fetch(new URL(response.headers.get('location')!, target.url), { method: 'DELETE' });
        assert.equal(cancel.status, 204, 'the fallback upload session can be cancelled');
      }
    });
  });

  const noReferrers = targetKind() === 'distribution' ? 'SKIPPED: Distribution 2.8 predates the referrers API' : undefined;
  describe('referrers API (OCI artifacts with subject)', { skip: noReferrers }, () => {
    const sbomType = 'application/vnd.example.sbom.v1+json';
    const signatureType = 'application/vnd.example.signature.v1+json';
    let subject: Descriptor;

    before(async () => {
      subject = { mediaType: busyboxRoot.mediaType, digest: busyboxRoot.digest, size: busyboxRoot.size };
    });

    async function referrers(repository: string, digest: string, query = ''): Promise<{ response: Response; index: ImageIndex }> {
      const response = await fetch(`${target.url}/v2/${repository}/referrers/${digest}${query}`, {
        headers: { accept: MediaType.ociIndex },
      });
      const text = await response.text();
      assert.equal(response.status, 200, `GET /v2/${repository}/referrers/${digest}${query} → ${response.status}: ${text}`);
      assert.match(response.headers.get('content-type') ?? '', /^application\/vnd\.oci\.image\.index\.v1\+json/);
      return { response, index: JSON.parse(text) as ImageIndex };
    }

    test('artifacts pushed with a subject are listed with artifactType and annotations; the push answers OCI-Subject', async () => {
      await push(busybox, 'e2e/referrers', 'latest');
      const sbom = buildArtifactWithSubject(subject, {
        artifactType: sbomType,
        annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z', 'org.example.sbom.format': 'spdx' },
      });
      const signature = buildArtifactWithSubject(subject, { artifactType: signatureType, annotations: { 'org.example.signer': 'e2e' } });
      for (const artifact of [sbom, signature]) {
        const pushed = await pushArtifact(target.url, 'e2e/referrers', artifact);
        assert.equal(pushed.headers.get('oci-subject'), subject.digest, 'OCI-Subject header on a manifest PUT with subject');
        assert.equal(pushed.headers.get('docker-content-digest'), artifact.descriptor.digest);
        assert.equal(sha256Digest(await inspectRaw(ref('e2e/referrers', artifact.descriptor.digest))), artifact.descriptor.digest, 'artifact manifest readable by skopeo');
      }

      const { index } = await referrers('e2e/referrers', subject.digest);
      assert.equal(index.schemaVersion, 2);
      assert.equal(index.mediaType, MediaType.ociIndex);
      const byDigest = (list: Descriptor[]) => [...list].sort((a, b) => (a.digest < b.digest ? -1 : 1));
      assert.deepEqual(
        byDigest(index.manifests).map(({ mediaType, digest, size, artifactType, annotations }) => ({ mediaType, digest, size, artifactType, annotations })),
        byDigest([sbom.descriptor, signature.descriptor]),
      );
    });

    test('?artifactType= filters the list and says so with OCI-Filters-Applied: artifactType', async () => {
      await push(busybox, 'e2e/referrers-filter', 'latest');
      const sbom = buildArtifactWithSubject(subject, { artifactType: sbomType });
      const signature = buildArtifactWithSubject(subject, { artifactType: signatureType });
      await pushArtifact(target.url, 'e2e/referrers-filter', sbom);
      await pushArtifact(target.url, 'e2e/referrers-filter', signature);

      const filtered = await referrers('e2e/referrers-filter', subject.digest, `?artifactType=${encodeURIComponent(sbomType)}`);
      assert.equal(filtered.response.headers.get('oci-filters-applied'), 'artifactType');
      assert.deepEqual(filtered.index.manifests.map((d) => [d.digest, d.artifactType]), [[sbom.descriptor.digest, sbomType]]);

      const none = await referrers('e2e/referrers-filter', subject.digest, `?artifactType=${encodeURIComponent('application/vnd.example.none')}`);
      assert.equal(none.response.headers.get('oci-filters-applied'), 'artifactType');
      assert.deepEqual(none.index.manifests, [], 'no referrer of that type');

      const all = await referrers('e2e/referrers-filter', subject.digest);
      assert.equal(all.response.headers.get('oci-filters-applied'), null, 'no filter header without a filter');
      assert.equal(all.index.manifests.length, 2);
    });

    test('a manifest without artifactType is listed with its config media type as artifactType', async () => {
      await push(busybox, 'e2e/referrers-config-type', 'latest');
      const legacy = buildArtifactWithSubject(subject, {
        configMediaType: 'application/vnd.example.legacy.config.v1+json',
        annotations: { 'org.example.kind': 'legacy' },
      });
      assert.equal(legacy.manifest.artifactType, undefined, 'fixture has no artifactType field');
      await pushArtifact(target.url, 'e2e/referrers-config-type', legacy);
      const { index } = await referrers('e2e/referrers-config-type', subject.digest);
      assert.deepEqual(
        index.manifests.map(({ digest, artifactType, annotations }) => ({ digest, artifactType, annotations })),
        [{ digest: legacy.descriptor.digest, artifactType: 'application/vnd.example.legacy.config.v1+json', annotations: { 'org.example.kind': 'legacy' } }],
      );
    });

    test('skopeo delete of a referrer removes it from the referrers list; the other referrer stays', async () => {
      await push(busybox, 'e2e/referrers-delete', 'latest');
      const keep = buildArtifactWithSubject(subject, { artifactType: sbomType });
      const drop = buildArtifactWithSubject(subject, { artifactType: signatureType });
      await pushArtifact(target.url, 'e2e/referrers-delete', keep);
      await pushArtifact(target.url, 'e2e/referrers-delete', drop);
      assert.equal((await referrers('e2e/referrers-delete', subject.digest)).index.manifests.length, 2);
      await skopeo(['delete', '--tls-verify=false', ref('e2e/referrers-delete', drop.descriptor.digest)]);
      const { index } = await referrers('e2e/referrers-delete', subject.digest);
      assert.deepEqual(index.manifests.map((d) => d.digest), [keep.descriptor.digest]);
    });

    test('a subject that does not exist (yet) is accepted, and a digest without referrers lists an empty index', async () => {
      await push(busybox, 'e2e/referrers-orphan', 'latest');
      const missing: Descriptor = { mediaType: MediaType.ociManifest, digest: sha256Digest('no such manifest'), size: 16 };
      const orphan = buildArtifactWithSubject(missing, { artifactType: sbomType });
      const pushed = await pushArtifact(target.url, 'e2e/referrers-orphan', orphan);
      assert.equal(pushed.status, 201, 'distribution-spec: MUST accept a manifest whose subject is not in the repository');
      const listed = await referrers('e2e/referrers-orphan', missing.digest);
      assert.deepEqual(listed.index.manifests.map((d) => d.digest), [orphan.descriptor.digest]);

      const empty = await referrers('e2e/referrers-orphan', busyboxRoot.digest);
      assert.deepEqual(empty.index.manifests, [], 'image without referrers: 200 with an empty manifests list');
    });
  });
});
