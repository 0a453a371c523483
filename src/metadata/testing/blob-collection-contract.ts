// The garbage collection contract (blob-collection.ts), run unchanged on SQLite and PostgreSQL: what a
// candidate is, the re-check of the mark, and the claims that keep uploads and collectors apart.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { BlobCollectionStore } from '../blob-collection.js';
import type { MetadataStore } from '../metadata-store.js';
import { digest, manifest, storeBlob } from './records.js';
import { fixtureCase } from './fixture-case.js';

export interface BlobCollectionFixture {
  metadata: MetadataStore;
  collection: BlobCollectionStore;
  cleanup(): Promise<void>;
}

export function blobCollectionContract(name: string, setup: () => Promise<BlobCollectionFixture>): void {
  describe(`blob collection contract: ${name}`, () => {
    const withStores = fixtureCase(setup);

    test(
      'candidates: live, untouched since the cutoff, referenced by no manifest of any repository',
      withStores(async ({ metadata, collection }) => {
        const account = await metadata.defaultAccountId();
        const app = await metadata.ensureRepository(account, 'app', 1);
        const other = await metadata.ensureRepository(account, 'other', 1);
        await storeBlob(metadata, app.id, { digest: digest(1), sizeBytes: 10 }, 100); // referenced in app
        await storeBlob(metadata, app.id, { digest: digest(2), sizeBytes: 20 }, 100); // linked only
        await storeBlob(metadata, other.id, { digest: digest(3), sizeBytes: 30 }, 100); // referenced in other only
        await storeBlob(metadata, app.id, { digest: digest(3), sizeBytes: 30 }, 100);
        await storeBlob(metadata, app.id, { digest: digest(4), sizeBytes: 40 }, 500); // linked only, recently
        assert.ok(await metadata.claimBlob(digest(5), 100)); // claimed by an upload that never linked it
        await metadata.putManifest(manifest(app.id, 10), [{ digest: digest(1), kind: 'blob' }]);
        await metadata.putManifest(manifest(other.id, 11), [{ digest: digest(3), kind: 'blob' }]);

        const found = await collection.findCandidates(200, { limit: 10 });
        assert.deepEqual(found, [
          { digest: digest(2), sizeBytes: 20 },
          { digest: digest(5), sizeBytes: 0 },
        ]);
        assert.deepEqual(await collection.findCandidates(200, { after: digest(2), limit: 10 }), [{ digest: digest(5), sizeBytes: 0 }]);
        assert.deepEqual(await collection.findCandidates(200, { limit: 1 }), [{ digest: digest(2), sizeBytes: 20 }]);
        assert.deepEqual(
          (await collection.findCandidates(1000, { limit: 10 })).map((blob) => blob.digest),
          [digest(2), digest(4), digest(5)],
        );
        assert.deepEqual(await collection.totals(), { blobs: 5, sizeBytes: 100 });
      }),
    );

    test(
      'marking unlinks the blob everywhere, refuses claims and stale links, and the row goes once forgotten',
      withStores(async ({ metadata, collection }) => {
        const account = await metadata.defaultAccountId();
        const app = await metadata.ensureRepository(account, 'app', 1);
        const other = await metadata.ensureRepository(account, 'other', 1);
        const blob = { digest: digest(1), sizeBytes: 10 };
        await storeBlob(metadata, app.id, blob, 100);
        await storeBlob(metadata, other.id, blob, 100);
        const uploaderClaim = await metadata.claimBlob(blob.digest, 150); // an upload about to publish it again
        assert.ok(uploaderClaim);

        const [marked, ...rest] = await collection.markForDeletion([blob.digest], 200);
        assert.equal(rest.length, 0);
        assert.equal(marked?.digest, blob.digest);
        assert.deepEqual([...marked!.unlinkedFrom].sort((a, b) => a - b), [app.id, other.id]);
        assert.equal(await metadata.findRepositoryBlob(app.id, blob.digest), undefined);
        assert.equal(await metadata.findRepositoryBlob(other.id, blob.digest), undefined);
        assert.deepEqual(await collection.findCandidates(1000, { limit: 10 }), []);
        assert.equal(await metadata.claimBlob(blob.digest, 300), undefined, 'no claim while it is being deleted');
        assert.equal(await metadata.linkBlob(app.id, blob, 300, uploaderClaim), false, 'the claim from before the mark is void');
        assert.equal(await metadata.linkBlob(app.id, blob, 300), false, 'nor can a mount link it');
        assert.deepEqual(await collection.listBeingDeleted({ limit: 10 }), [{ ...marked!, unlinkedFrom: [] }]);

        assert.equal(await collection.forgetDeleted([{ ...marked!, marking: uploaderClaim }]), 0, 'another mark forgets nothing');
        assert.equal(await collection.forgetDeleted([marked!]), 1);
        assert.deepEqual(await collection.listBeingDeleted({ limit: 10 }), []);
        assert.deepEqual(await collection.totals(), { blobs: 0, sizeBytes: 0 });

        // Pushed again afterwards: a new record, and the old claim still does not link it.
        const fresh = await metadata.claimBlob(blob.digest, 400);
        assert.ok(fresh);
        assert.notEqual(fresh, uploaderClaim);
        assert.equal(await metadata.linkBlob(app.id, blob, 400, uploaderClaim), false);
        assert.equal(await metadata.linkBlob(app.id, blob, 400, fresh), true);
        assert.deepEqual(await metadata.findRepositoryBlob(app.id, blob.digest), blob);
      }),
    );

    test(
      'the mark checks again: blobs referenced or touched since the scan are spared',
      withStores(async ({ metadata, collection }) => {
        const app = await metadata.ensureRepository(await metadata.defaultAccountId(), 'app', 1);
        for (const n of [1, 2, 3]) await storeBlob(metadata, app.id, { digest: digest(n), sizeBytes: n }, 100);
        const scanned = await collection.findCandidates(200, { limit: 10 });
        assert.equal(scanned.length, 3);
        await metadata.putManifest(manifest(app.id, 10), [{ digest: digest(1), kind: 'blob' }]);
        assert.ok(await metadata.claimBlob(digest(2), 250));
        const marked = await collection.markForDeletion(
          scanned.map((blob) => blob.digest),
          200,
        );
        assert.deepEqual(
          marked.map((blob) => blob.digest),
          [digest(3)],
        );
        assert.ok(await metadata.findRepositoryBlob(app.id, digest(1)));
        assert.ok(await metadata.findRepositoryBlob(app.id, digest(2)));
      }),
    );

    test(
      'a manifest push and a mark of the blob it references never both succeed',
      withStores(async ({ metadata, collection }) => {
        const repository = await metadata.ensureRepository(await metadata.defaultAccountId(), 'app', 1);
        const rounds = Array.from({ length: 8 }, (_, i) => ({ blob: digest(1000 + i), image: manifest(repository.id, i + 1) }));
        for (const { blob } of rounds) await storeBlob(metadata, repository.id, { digest: blob, sizeBytes: 1 }, 1);
        const outcomes = await Promise.all(
          rounds.map(({ blob, image }) =>
            Promise.allSettled([
              metadata.transaction(async (transaction) => {
                const missing = await transaction.missingBlobs(repository.id, [blob]);
                await delay(5); // the mark runs between the check and the write
                if (missing.length > 0) throw new Error('blob unknown');
                await transaction.putManifest(image, [{ digest: blob, kind: 'blob' }]);
              }),
              collection.markForDeletion([blob], 10),
            ]),
          ),
        );
        for (const [i, [push, mark]] of outcomes.entries()) {
          const { blob, image } = rounds[i]!;
          assert.equal(mark.status, 'fulfilled');
          const markedIt = mark.status === 'fulfilled' && mark.value.length === 1;
          const stored = (await metadata.findManifest(repository.id, image.digest)) !== undefined;
          assert.equal(stored, push.status === 'fulfilled');
          assert.ok(stored !== markedIt, `round ${i}: exactly one of the push and the mark wins`);
          assert.equal((await metadata.findRepositoryBlob(repository.id, blob)) !== undefined, stored);
        }
      }),
    );
  });
}
