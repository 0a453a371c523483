import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isRegistryError } from '../../domain/registry-error.js';
import { blobStoreContract } from '../testing/blob-store-contract.js';
import { FilesystemBlobStore } from './filesystem-blob-store.js';

blobStoreContract('filesystem', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fs-store-'));
  return {
    store: await FilesystemBlobStore.open(root),
    reopen: () => FilesystemBlobStore.open(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

test('upload ids that could escape the uploads directory are unknown uploads', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fs-store-'));
  try {
    const store = await FilesystemBlobStore.open(root);
    for (const uploadId of ['../blobs', 'a/b', '..', '']) {
      await assert.rejects(store.uploadSize(uploadId), (error) => isRegistryError(error, 'upload-not-found'));
    }
    assert.deepEqual((await readdir(join(root, 'uploads'))).length, 0);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
