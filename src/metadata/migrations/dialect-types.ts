// The few column types SQLite and PostgreSQL spell differently; everything else is one schema.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely';

export interface DialectTypes {
  /** Bytes: SQLite `blob`, PostgreSQL `bytea`. */
  bytes: RawBuilder<unknown>;
  /** An auto-assigned integer primary key. */
  autoId(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
}

export function dialectTypes(db: Kysely<any>): DialectTypes {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return { bytes: sql`bytea`, autoId: (column) => column.primaryKey().generatedByDefaultAsIdentity() };
  }
  // SQLite: an INTEGER PRIMARY KEY is the rowid; AUTOINCREMENT keeps ids of deleted repositories unused.
  return { bytes: sql`blob`, autoId: (column) => column.primaryKey().autoIncrement() };
}
