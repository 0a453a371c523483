// ECR's UploadLayerPart rule (every part but the last at least 5 MiB) needs to remember, per upload,
// the last part and the first too-small one (registry/layer-part-ledger.ts). Kept on the upload
// session's row, so that the parts of one upload may arrive at different nodes, and so that the
// record goes when the session does (completed, cancelled or expired). Nullable: no part yet, or
// no part too small.
import type { Kysely, Migration } from 'kysely';

const columns = ['last_part_start_byte', 'last_part_size_bytes', 'undersized_part_start_byte', 'undersized_part_size_bytes'];

export const layerParts: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // One column a statement: SQLite's ALTER TABLE adds one at a time.
    for (const column of columns) await db.schema.alterTable('upload_sessions').addColumn(column, 'bigint').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const column of columns.toReversed()) await db.schema.alterTable('upload_sessions').dropColumn(column).execute();
  },
};
