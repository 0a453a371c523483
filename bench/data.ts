// Random blob files for the push/pull workloads, generated once and cached under the work dir
// with their sha256 beside them, so digests are never computed inside a timed section.
// Random bytes (not zeros) so no layer of the stack can win by compressing or deduplicating.
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BlobFile {
  path: string;
  size: number;
  digest: string;
}

/**
 * Returns a cached random file of `size` bytes; `variant` tells apart files of the same size
 * (the chunked push needs a blob the target has not already stored from the monolithic push).
 */
export async function ensureBlobFile(workDir: string, size: number, variant: string, log: (line: string) => void): Promise<BlobFile> {
  await mkdir(workDir, { recursive: true });
  const path = join(workDir, `blob-${size}-${variant}.bin`);
  const digestPath = `${path}.sha256`;
  if (existsSync(path) && existsSync(digestPath) && (await stat(path)).size === size) {
    const digest = (await readFile(digestPath, 'utf8')).trim();
    if (/^sha256:[0-9a-f]{64}$/.test(digest)) return { path, size, digest };
  }
  log(`  generating ${formatBytes(size)} random blob ${path}`);
  const hash = createHash('sha256');
  const partial = `${path}.partial`;
  const handle = await open(partial, 'w');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(size, 16 * 1024 * 1024));
    for (let written = 0; written < size; ) {
      const n = Math.min(buffer.length, size - written);
      randomFillSync(buffer, 0, n);
      hash.update(buffer.subarray(0, n));
      await handle.write(buffer, 0, n);
      written += n;
    }
  } finally {
    await handle.close();
  }
  const digest = `sha256:${hash.digest('hex')}`;
  // Rename last so an interrupted run never leaves a file that looks complete.
  await rename(partial, path);
  await writeFile(digestPath, `${digest}\n`);
  return { path, size, digest };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/**
 * Reads a file through once so it is in the page cache. This VM runs a DAMON "pageout" scheme
 * that evicts memory (page cache included) left untouched for about a minute, so without this a
 * push could be limited by reading its source file from disk, depending on what ran before it.
 */
export async function warmFile(path: string): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) void chunk;
}
