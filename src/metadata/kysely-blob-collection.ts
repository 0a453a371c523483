// The garbage collection port over Kysely, one set of queries for SQLite and PostgreSQL. The candidate
// test is spelled once (`collectable`) and used twice: by the scan, and again by the mark under a
// serializable transaction, where it counts.
import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { BlobCollectionStore, CollectableBlob, MarkedBlob } from './blob-collection.js';
import type { BlobClaim } from './metadata-store.js';
import type { MetadataSchema } from './schema.js';
import { serializableTransaction } from './serializable-transaction.js';

/** Bound parameters per statement stay far below SQLite's and PostgreSQL's limits. */
const maxDigestsPerStatement = 500;

export class KyselyBlobCollection implements BlobCollectionStore {
  constructor(private readonly db: Kysely<MetadataSchema>) {}

  async findCandidates(olderThan: number, page: { after?: string; limit: number }): Promise<CollectableBlob[]> {
    let query = this.db
      .selectFrom('blobs')
      .select(['digest', 'size_bytes'])
      .where((eb) => collectable(eb, olderThan));
    if (page.after !== undefined) query = query.where('digest', '>', page.after);
    const rows = await query.orderBy('digest').limit(page.limit).execute();
    return rows.map((row) => ({ digest: row.digest, sizeBytes: Number(row.size_bytes) }));
  }

  async markForDeletion(digests: string[], olderThan: number): Promise<MarkedBlob[]> {
    if (digests.length === 0) return [];
    if (digests.length > maxDigestsPerStatement) throw new RangeError(`mark at most ${maxDigestsPerStatement} blobs at a time`);
    const marking = randomUUID() as BlobClaim;
    return serializableTransaction(this.db, async (trx) => {
      const marked = await trx
        .updateTable('blobs')
        .set({ state: 'deleting', incarnation: marking })
        .where('digest', 'in', digests)
        .where((eb) => collectable(eb, olderThan))
        .returning(['digest', 'size_bytes'])
        .execute();
      const unlinked =
        marked.length === 0
          ? []
          : await trx
              .deleteFrom('repository_blobs')
              .where(
                'digest',
                'in',
                marked.map((row) => row.digest),
              )
              .returning(['digest', 'repository_id'])
              .execute();
      return marked.map((row) => ({
        digest: row.digest,
        sizeBytes: Number(row.size_bytes),
        marking,
        unlinkedFrom: unlinked.filter((link) => link.digest === row.digest).map((link) => link.repository_id),
      }));
    });
  }

  async listBeingDeleted(page: { after?: string; limit: number }): Promise<MarkedBlob[]> {
    let query = this.db.selectFrom('blobs').select(['digest', 'size_bytes', 'incarnation']).where('state', '=', 'deleting');
    if (page.after !== undefined) query = query.where('digest', '>', page.after);
    const rows = await query.orderBy('digest').limit(page.limit).execute();
    // Their links went with the mark.
    return rows.map((row) => ({ digest: row.digest, sizeBytes: Number(row.size_bytes), marking: row.incarnation as BlobClaim, unlinkedFrom: [] }));
  }

  async forgetDeleted(blobs: MarkedBlob[]): Promise<number> {
    let forgotten = 0;
    for (let start = 0; start < blobs.length; start += maxDigestsPerStatement / 2) {
      const batch = blobs.slice(start, start + maxDigestsPerStatement / 2);
      const result = await this.db
        .deleteFrom('blobs')
        .where('state', '=', 'deleting')
        .where((eb) => eb.or(batch.map((blob) => eb.and([eb('digest', '=', blob.digest), eb('incarnation', '=', blob.marking)]))))
        .executeTakeFirst();
      forgotten += Number(result.numDeletedRows);
    }
    return forgotten;
  }

  async totals(): Promise<{ blobs: number; sizeBytes: number }> {
    const row = await this.db
      .selectFrom('blobs')
      .select((eb) => [eb.fn.countAll<number>().as('blobs'), eb.fn.coalesce(eb.fn.sum<number>('size_bytes'), sql<number>`0`).as('size_bytes')])
      .where('state', '=', 'live')
      .executeTakeFirstOrThrow();
    return { blobs: Number(row.blobs), sizeBytes: Number(row.size_bytes) };
  }
}

/** Live, untouched since `olderThan`, and referenced by no manifest in any repository. */
function collectable(eb: ExpressionBuilder<MetadataSchema, 'blobs'>, olderThan: number) {
  return eb.and([
    eb('blobs.state', '=', 'live'),
    eb('blobs.touched_at', '<', olderThan),
    eb.not(
      eb.exists(
        eb
          .selectFrom('manifest_references')
          .select(sql.lit(1).as('referenced'))
          .whereRef('manifest_references.referenced_digest', '=', 'blobs.digest'),
      ),
    ),
  ]);
}
