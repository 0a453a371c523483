// Starts bench/targets/bare-server.ts in its own process (never in the harness's event loop,
// which is busy generating load) and tells it which manifest and blobs to answer with.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BareServerConfig } from './bare-server.js';
import type { BlobFile } from '../data.js';
import type { SmallImage } from '../image.js';
import { freePort, spawnServer, waitForListening, type RunningTarget } from './process.js';

export async function startBareNode(image: SmallImage, files: BlobFile[]): Promise<RunningTarget> {
  const workDir = await mkdtemp(join(tmpdir(), 'bare-node-bench-'));
  const config: BareServerConfig = {
    manifest: { mediaType: image.manifest.mediaType, digest: image.manifest.digest, base64: image.manifest.bytes.toString('base64') },
    blobs: [
      ...[image.config, image.layer].map((blob) => ({ digest: blob.digest, size: blob.bytes.length, base64: blob.bytes.toString('base64') })),
      ...files.map((file) => ({ digest: file.digest, size: file.size, path: file.path })),
    ],
  };
  const configPath = join(workDir, 'config.json');
  await writeFile(configPath, JSON.stringify(config));
  const script = fileURLToPath(new URL('./bare-server.js', import.meta.url));
  const server = spawnServer(process.execPath, [script, configPath, String(await freePort())], process.env);
  try {
    const url = await waitForListening(server);
    return {
      name: 'node',
      label: `bare node:http (node ${process.version})`,
      url,
      pids: [server.pid],
      helperPids: [],
      output: server.output,
      async stop() {
        await server.stop();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`bare node: ${(error as Error).message}`);
  }
}
