// Real test images, built as OCI image layouts on disk with the tools people use (umoci, debootstrap),
// cached per machine under ${XDG_CACHE_HOME:-$HOME/.cache}/berth-test-fixtures/<key>/oci so repeated
// runs are fast. Every builder returns the layout directory; the image is tagged `latest`
// (use it as `oci:<dir>:latest` with skopeo). Treat returned layouts as read-only: they are shared.
//
// Also: a tiny raw /v2/ client (fetch) to push OCI artifacts with a `subject`, for referrers tests.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { access, chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { requirePrograms } from './system-tools.js';
import {
  EMPTY_DESCRIPTOR,
  EMPTY_JSON,
  MediaType,
  REF_NAME_ANNOTATION,
  descriptorFor,
  initLayout,
  readBlob,
  readJsonBlob,
  resolveRef,
  writeBlob,
  writeIndexJson,
  writeJsonBlob,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
} from './oci-layout.js';

const execFileAsync = promisify(execFile);

/** Bump a version to invalidate every cached copy of that fixture on every machine. */
const VERSIONS = {
  busybox: 'busybox-v1',
  debianRootfs: 'debian-bookworm-minbase-rootfs-v1',
  debianImage: 'debian-bookworm-minbase-image-v1',
  multiArch: 'multiarch-v1',
  zstd: 'busybox-zstd-v1',
} as const;

export const FIXTURE_TAG = 'latest';

// ---------------------------------------------------------------------------------------------
// Tools

/** Programs the image builders need → Debian package. */
export const IMAGE_TOOLS = { skopeo: 'skopeo', umoci: 'umoci', busybox: 'busybox-static' } as const;

/** Undefined when busybox/multi-arch fixtures can be built, else the reason to skip. */
export function imageToolsSkipReason(): string | undefined {
  return requirePrograms({ ...IMAGE_TOOLS });
}

/** Undefined when the Debian fixture can be built (or is already cached), else the reason to skip. */
export function debianSkipReason(): string | undefined {
  const missing = requirePrograms({ ...IMAGE_TOOLS });
  if (missing) return missing;
  if (existsSync(join(fixtureCacheDir(), `${VERSIONS.debianImage}-${hostArch()}`, 'fixture.json'))) return undefined;
  if (process.getuid?.() !== 0) {
    const reason = 'SKIPPED: building the Debian fixture needs root (debootstrap); it is not cached yet';
    if (process.env.CI === 'true') throw new Error(`CI=true forbids skipping: ${reason}`);
    console.error(`\n*** ${reason} ***\n`);
    return reason;
  }
  return requirePrograms({ debootstrap: 'debootstrap' });
}

function log(message: string): void {
  process.stderr.write(`[berth-fixtures] ${message}\n`);
}

/** GOARCH name of this machine, as OCI platforms spell it. */
export function hostArch(): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[process.arch] ?? process.arch;
}

async function run(program: string, args: string[], options: { cwd?: string } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync(program, args, { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 });
    return stdout;
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; code?: number | string };
    throw new Error(
      `${program} ${args.join(' ')} failed (${failure.code}):\n${failure.stderr ?? ''}${failure.stdout ? `\nstdout:\n${failure.stdout}` : ''}`,
    );
  }
}

/** Runs a long command, forwarding its output to stderr line by line so progress shows. */
async function runWithProgress(program: string, args: string[], label: string): Promise<void> {
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const forward = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-8000);
      for (const line of text.split('\n')) if (line.trim()) log(`${label}: ${line.trim()}`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${program} ${args.join(' ')} exited ${code ?? signal}:\n${tail}`)),
    );
  });
}

const rootless = () => (process.getuid?.() === 0 ? [] : ['--rootless']);

// ---------------------------------------------------------------------------------------------
// Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/berth-test-fixtures/<key>/, built in a temporary sibling
// and renamed into place, so a half-built fixture is never seen; a lock directory keeps two test
// processes from building the same fixture at once.

export function fixtureCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'berth-test-fixtures');
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquireLock(lockDir: string, what: string): Promise<() => Promise<void>> {
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''), 10);
    const age = Date.now() - (await stat(lockDir).then((s) => s.mtimeMs, () => Date.now()));
    if ((Number.isFinite(owner) && !processAlive(owner)) || (!Number.isFinite(owner) && age > 30_000)) {
      log(`removing stale lock ${lockDir}`);
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) log(`waiting for process ${owner} to finish building ${what}`);
    announced = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const inProcess = new Map<string, Promise<string>>();

/** Returns <cache>/<key>, building it with `build(workDir)` the first time on this machine. */
function cachedFixture(key: string, build: (workDir: string) => Promise<void>): Promise<string> {
  let pending = inProcess.get(key);
  if (!pending) {
    pending = buildOnce(key, build);
    inProcess.set(key, pending);
    pending.catch(() => inProcess.delete(key));
  }
  return pending;
}

async function buildOnce(key: string, build: (workDir: string) => Promise<void>): Promise<string> {
  const root = fixtureCacheDir();
  const final = join(root, key);
  const marker = join(final, 'fixture.json');
  if (await exists(marker)) return final;
  await mkdir(root, { recursive: true });
  const release = await acquireLock(join(root, `${key}.lock`), key);
  try {
    if (await exists(marker)) return final;
    // We hold the lock, so any .building-<key>-* left over is from a killed run.
    for (const name of await readdir(root)) {
      if (name.startsWith(`.building-${key}-`)) await removeBuildDir(join(root, name));
    }
    await removeBuildDir(final);
    const work = await mkdtemp(join(root, `.building-${key}-`));
    const started = Date.now();
    log(`building ${key} in ${work}`);
    try {
      await build(work);
      const seconds = (Date.now() - started) / 1000;
      await writeFile(marker.replace(final, work), JSON.stringify({ key, builtAt: new Date().toISOString(), seconds }, null, 2));
      await rename(work, final);
      log(`built ${key} in ${seconds.toFixed(1)} s → ${final}`);
    } catch (error) {
      await removeBuildDir(work);
      throw error;
    }
    return final;
  } finally {
    await release();
  }
}

/**
 * rm -rf for a build directory, after unmounting anything mounted below it: debootstrap mounts
 * proc and sys inside its target and leaves them mounted when it is interrupted.
 */
async function removeBuildDir(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/mounts', 'utf8').catch(() => ''))
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((point): point is string => !!point && (point === dir || point.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) {
    await run('umount', ['-l', point]).catch((error: Error) => log(`could not unmount ${point}: ${error.message}`));
  }
  const still = (await readFile('/proc/mounts', 'utf8').catch(() => '')).split('\n').some((line) => line.split(' ')[1]?.startsWith(`${dir}/`));
  if (still) throw new Error(`refusing to remove ${dir}: something is still mounted below it`);
  await rm(dir, { recursive: true, force: true });
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// busybox: umoci init / new / unpack / (populate rootfs) / repack / config / gc

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

async function findBusybox(): Promise<string> {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox']) if (await exists(candidate)) return candidate;
  return (await run('sh', ['-c', 'command -v busybox'])).trim();
}

async function populateBusyboxRootfs(rootfs: string, busybox: string): Promise<void> {
  for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'home', 'var/log', 'proc', 'sys', 'dev', 'run']) {
    await mkdir(join(rootfs, dir), { recursive: true });
  }
  await mkdir(join(rootfs, 'tmp'), { recursive: true });
  await chmod(join(rootfs, 'tmp'), 0o1777);
  await chmod(join(rootfs, 'root'), 0o700);
  await copyFile(busybox, join(rootfs, 'bin/busybox'));
  await chmod(join(rootfs, 'bin/busybox'), 0o755);
  // Applet symlinks exactly where busybox says they belong (bin/sh, usr/bin/wc, sbin/ifconfig, …).
  const applets = (await run(busybox, ['--list-full'])).split('\n').map((line) => line.trim()).filter(Boolean);
  if (applets.length < 50) throw new Error(`busybox --list-full listed only ${applets.length} applets`);
  for (const applet of applets) {
    const path = join(rootfs, applet);
    if (applet === 'bin/busybox' || (await exists(path))) continue;
    await mkdir(dirname(path), { recursive: true });
    await symlink('/bin/busybox', path);
  }
  await writeFile(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  await writeFile(join(rootfs, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  await writeFile(join(rootfs, 'etc/shadow'), 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n', { mode: 0o640 });
  await writeFile(join(rootfs, 'etc/hostname'), 'berth-busybox\n');
  await writeFile(join(rootfs, 'etc/hosts'), '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n');
  await writeFile(join(rootfs, 'etc/nsswitch.conf'), 'hosts: files dns\n');
}

/** busybox-static with its applet symlinks and a minimal /etc; Entrypoint busybox, Cmd sh. */
export async function buildBusyboxImage(): Promise<string> {
  const busybox = await findBusybox();
  const key = `${VERSIONS.busybox}-${hostArch()}-${sha256File(busybox).slice(0, 12)}`;
  const entry = await cachedFixture(key, async (work) => {
    const layout = join(work, 'oci');
    const image = `${layout}:${FIXTURE_TAG}`;
    const bundle = join(work, 'bundle');
    await run('umoci', ['init', '--layout', layout]);
    await run('umoci', ['new', '--image', image]);
    await run('umoci', ['unpack', ...rootless(), '--image', image, bundle]);
    await populateBusyboxRootfs(join(bundle, 'rootfs'), busybox);
    await run('umoci', ['repack', '--image', image, '--history.created_by', 'berth test fixture: busybox-static + applet symlinks', bundle]);
    await run('umoci', [
      'config', '--image', image,
      '--os', 'linux', '--architecture', hostArch(),
      '--author', 'berth test suite',
      '--config.env', PATH_ENV,
      '--config.entrypoint', '/bin/busybox',
      '--config.cmd', 'sh',
      '--config.workingdir', '/',
      '--config.label', 'org.opencontainers.image.title=berth-test-busybox',
      '--history.created_by', 'berth test fixture: config',
    ]);
    await run('umoci', ['gc', '--layout', layout]);
    await rm(bundle, { recursive: true, force: true });
  });
  return join(entry, 'oci');
}

// ---------------------------------------------------------------------------------------------
// Debian: debootstrap --variant=minbase bookworm (cached rootfs) → umoci layer

/** The Debian mirror apt uses here (BERTH_DEBIAN_MIRROR overrides). */
export function debianMirror(): string {
  if (process.env.BERTH_DEBIAN_MIRROR) return process.env.BERTH_DEBIAN_MIRROR;
  const files = ['/etc/apt/sources.list'];
  try {
    for (const name of readdirSync('/etc/apt/sources.list.d')) files.push(join('/etc/apt/sources.list.d', name));
  } catch {
    /* no sources.list.d */
  }
  const candidates: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    // one-line style: deb [opts] URI suite components
    for (const match of text.matchAll(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/gm)) {
      if (/^(bookworm|stable)$/.test(match[2])) candidates.push(match[1]);
    }
    // deb822 style: URIs: … / Suites: …
    for (const stanza of text.split(/\n\s*\n/)) {
      const uris = /^URIs:\s*(.+)$/im.exec(stanza)?.[1].trim().split(/\s+/) ?? [];
      const suites = /^Suites:\s*(.+)$/im.exec(stanza)?.[1].trim().split(/\s+/) ?? [];
      if (/^Types:.*\bdeb\b/im.test(stanza) && suites.some((s) => s === 'bookworm' || s === 'stable')) candidates.push(...uris);
    }
  }
  const mirror = candidates.find((uri) => /^https?:\/\//.test(uri) && !/security/.test(uri));
  return (mirror ?? 'http://deb.debian.org/debian').replace(/\/$/, '');
}

/** What a "slim" image drops: package caches, docs (but not copyright files), man pages, locales, device nodes. */
async function trimRootfs(rootfs: string): Promise<void> {
  const emptyDir = async (relative: string, keep: (name: string) => boolean = () => false) => {
    const dir = join(rootfs, relative);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!keep(name)) await rm(join(dir, name), { recursive: true, force: true });
    }
  };
  await emptyDir('var/cache/apt/archives', (name) => name === 'partial' || name === 'lock');
  await emptyDir('var/cache/apt', (name) => name === 'archives');
  await emptyDir('var/lib/apt/lists', (name) => name === 'partial' || name === 'lock');
  await emptyDir('var/log');
  await emptyDir('dev');
  await emptyDir('proc');
  await emptyDir('sys');
  await emptyDir('tmp');
  await emptyDir('usr/share/man');
  await emptyDir('usr/share/info');
  await emptyDir('usr/share/locale');
  for (const pkg of await readdir(join(rootfs, 'usr/share/doc')).catch(() => [] as string[])) {
    await emptyDir(join('usr/share/doc', pkg), (name) => name === 'copyright');
  }
}

async function buildDebianRootfs(): Promise<string> {
  const arch = hostArch();
  const entry = await cachedFixture(`${VERSIONS.debianRootfs}-${arch}`, async (work) => {
    const rootfs = join(work, 'rootfs');
    const mirror = debianMirror();
    log(`debootstrap --variant=minbase bookworm from ${mirror} (about a minute with a fast mirror; cached afterwards)`);
    await runWithProgress(
      'debootstrap',
      ['--variant=minbase', `--arch=${arch}`, 'bookworm', rootfs, mirror],
      'debootstrap',
    );
    await trimRootfs(rootfs);
  });
  return join(entry, 'rootfs');
}

/** A real Debian 12 (bookworm) minbase rootfs as a one-layer image; Cmd bash. Built once per machine. */
export async function buildDebianImage(): Promise<string> {
  const arch = hostArch();
  const entry = await cachedFixture(`${VERSIONS.debianImage}-${arch}`, async (work) => {
    const rootfs = await buildDebianRootfs();
    const layout = join(work, 'oci');
    const image = `${layout}:${FIXTURE_TAG}`;
    const bundle = join(work, 'bundle');
    log('umoci: packing the Debian rootfs into a layer');
    await run('umoci', ['init', '--layout', layout]);
    await run('umoci', ['new', '--image', image]);
    await run('umoci', ['unpack', ...rootless(), '--image', image, bundle]);
    await run('cp', ['-a', `${rootfs}/.`, join(bundle, 'rootfs')]);
    await run('umoci', ['repack', '--image', image, '--history.created_by', 'debootstrap --variant=minbase bookworm', bundle]);
    const version = (await readFile(join(rootfs, 'etc/debian_version'), 'utf8')).trim();
    await run('umoci', [
      'config', '--image', image,
      '--os', 'linux', '--architecture', arch,
      '--author', 'berth test suite',
      '--config.env', PATH_ENV,
      '--config.cmd', 'bash',
      '--config.label', `org.opencontainers.image.title=berth-test-debian`,
      '--config.label', `org.opencontainers.image.version=${version}`,
      '--history.created_by', 'berth test fixture: config',
    ]);
    await run('umoci', ['gc', '--layout', layout]);
    await rm(bundle, { recursive: true, force: true });
    log(`Debian ${version} image packed`);
  });
  return join(entry, 'oci');
}

// ---------------------------------------------------------------------------------------------
// Multi-arch: an image index (written by hand, image-index.md) over linux/amd64 and linux/arm64/v8
// manifests that share the busybox layer but each have their own config (so they differ).

export const MULTI_ARCH_PLATFORMS = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm64', os: 'linux', variant: 'v8' },
] as const;

export async function buildMultiArchIndex(): Promise<string> {
  const busybox = await buildBusyboxImage();
  const source = await resolveRef(busybox, FIXTURE_TAG);
  const entry = await cachedFixture(`${VERSIONS.multiArch}-${source.digest.slice(7, 19)}`, async (work) => {
    const layout = join(work, 'oci');
    await initLayout(layout);
    const manifest = await readJsonBlob<ImageManifest>(busybox, source.digest);
    const config = await readJsonBlob<Record<string, unknown>>(busybox, manifest.config.digest);
    for (const layer of manifest.layers) await writeBlob(layout, layer.mediaType, await readBlob(busybox, layer.digest));
    const children: Descriptor[] = [];
    for (const platform of MULTI_ARCH_PLATFORMS) {
      const { variant: _hostVariant, ...rest } = config;
      const platformConfig = { ...rest, architecture: platform.architecture, os: platform.os, ...('variant' in platform ? { variant: platform.variant } : {}) };
      const configDescriptor = await writeJsonBlob(layout, MediaType.ociConfig, platformConfig);
      const child: ImageManifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: configDescriptor,
        layers: manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
        annotations: { 'org.opencontainers.image.title': `berth-test-busybox ${platform.os}/${platform.architecture}` },
      };
      const childDescriptor = await writeJsonBlob(layout, MediaType.ociManifest, child);
      children.push({ ...childDescriptor, platform: { ...platform } });
    }
    const index: ImageIndex = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: children,
      annotations: { 'org.opencontainers.image.title': 'berth-test-multiarch' },
    };
    const indexDescriptor = await writeJsonBlob(layout, MediaType.ociIndex, index);
    await writeIndexJson(layout, [{ ...indexDescriptor, annotations: { [REF_NAME_ANNOTATION]: FIXTURE_TAG } }]);
  });
  return join(entry, 'oci');
}

// ---------------------------------------------------------------------------------------------
// zstd: the busybox image recompressed by skopeo (layer media type application/vnd.oci.image.layer.v1.tar+zstd).

export async function buildZstdImage(): Promise<string> {
  const busybox = await buildBusyboxImage();
  const source = await resolveRef(busybox, FIXTURE_TAG);
  const entry = await cachedFixture(`${VERSIONS.zstd}-${source.digest.slice(7, 19)}`, async (work) => {
    const layout = join(work, 'oci');
    await run('skopeo', [
      '--insecure-policy', 'copy', '--quiet', '--dest-compress-format', 'zstd',
      `oci:${busybox}:${FIXTURE_TAG}`, `oci:${layout}:${FIXTURE_TAG}`,
    ]);
    const manifest = await readJsonBlob<ImageManifest>(layout, (await resolveRef(layout, FIXTURE_TAG)).digest);
    if (!manifest.layers.every((layer) => layer.mediaType === MediaType.ociLayerZstd)) {
      throw new Error(`skopeo did not recompress to zstd: ${JSON.stringify(manifest.layers)}`);
    }
  });
  return join(entry, 'oci');
}

// ---------------------------------------------------------------------------------------------
// OCI artifacts with a subject, pushed with fetch against /v2/ (distribution-spec).

export interface ArtifactBlob {
  descriptor: Descriptor;
  content: Buffer;
}

export interface Artifact {
  manifest: ImageManifest;
  /** The exact manifest bytes (their sha256 is `descriptor.digest`). */
  manifestBytes: Buffer;
  /** Descriptor of the manifest, with artifactType and annotations as the referrers API must list it. */
  descriptor: Descriptor;
  blobs: ArtifactBlob[];
}

export interface ArtifactOptions {
  /** Omit to make an "old style" artifact typed only by its config media type (then configMediaType is required). */
  artifactType?: string;
  /** Config media type; the empty descriptor's application/vnd.oci.empty.v1+json by default. Content is always `{}`. */
  configMediaType?: string;
  /** Content of the single layer (defaults to a small JSON document). */
  payload?: Buffer;
  payloadMediaType?: string;
  annotations?: Record<string, string>;
}

/**
 * An image manifest used as an artifact (image-spec manifest.md, artifacts-guidance.md): artifactType,
 * the empty config, one layer, and `subject`. The returned descriptor carries what the referrers API
 * must list: artifactType (or, without one, the config media type) and the manifest's annotations.
 */
export function buildArtifactWithSubject(subject: Descriptor, options: ArtifactOptions): Artifact {
  const artifactType = options.artifactType ?? options.configMediaType;
  if (!artifactType) throw new Error('an artifact needs artifactType or configMediaType');
  const payload = options.payload ?? Buffer.from(JSON.stringify({ artifactType, subject: subject.digest }));
  const layer = descriptorFor(options.payloadMediaType ?? 'application/json', payload);
  const config: Descriptor = { ...EMPTY_DESCRIPTOR, ...(options.configMediaType ? { mediaType: options.configMediaType } : {}) };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    ...(options.artifactType ? { artifactType: options.artifactType } : {}),
    config,
    layers: [layer],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const descriptor: Descriptor = {
    ...descriptorFor(MediaType.ociManifest, manifestBytes),
    artifactType,
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  return {
    manifest,
    manifestBytes,
    descriptor,
    blobs: [
      { descriptor: config, content: EMPTY_JSON },
      { descriptor: layer, content: payload },
    ],
  };
}

async function responseText(response: Response): Promise<string> {
  return response.text().catch(() => '');
}

/**
 * Pushes a blob monolithically: POST /v2/<name>/blobs/uploads/?digest=… with the content (201);
 * when the registry answers 202 instead, PUT the content to the Location it gave (spec "POST then PUT").
 */
export async function pushBlob(registryUrl: string, repository: string, content: Buffer): Promise<string> {
  const digest = descriptorFor('application/octet-stream', content).digest;
  const headers = { 'content-type': 'application/octet-stream', 'content-length': String(content.byteLength) };
  const post = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/?digest=${encodeURIComponent(digest)}`, {
    method: 'POST',
    headers,
    body: content,
  });
  if (post.status === 201) {
    await responseText(post);
    return digest;
  }
  const location = post.headers.get('location');
  if (post.status !== 202 || !location) {
    throw new Error(`POST /v2/${repository}/blobs/uploads/?digest=${digest} → ${post.status}: ${await responseText(post)}`);
  }
  await responseText(post);
  const target = new URL(location, registryUrl);
  target.searchParams.set('digest', digest);
  const put = await fetch(target, { method: 'PUT', headers, body: content });
  if (put.status !== 201) throw new Error(`PUT ${target.pathname}?digest=${digest} → ${put.status}: ${await responseText(put)}`);
  await responseText(put);
  return digest;
}

export interface ManifestPushResult {
  status: number;
  headers: Headers;
  body: string;
}

export async function pushManifest(
  registryUrl: string,
  repository: string,
  reference: string,
  mediaType: string,
  manifestBytes: Buffer,
): Promise<ManifestPushResult> {
  const response = await fetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body: manifestBytes,
  });
  return { status: response.status, headers: response.headers, body: await responseText(response) };
}

/** Pushes an artifact's blobs, then its manifest by digest (or by `tag`). Throws unless the manifest PUT is 201. */
export async function pushArtifact(registryUrl: string, repository: string, artifact: Artifact, tag?: string): Promise<ManifestPushResult> {
  for (const blob of artifact.blobs) await pushBlob(registryUrl, repository, blob.content);
  const result = await pushManifest(registryUrl, repository, tag ?? artifact.descriptor.digest, MediaType.ociManifest, artifact.manifestBytes);
  if (result.status !== 201) {
    throw new Error(`PUT /v2/${repository}/manifests/${tag ?? artifact.descriptor.digest} → ${result.status}: ${result.body}`);
  }
  return result;
}
