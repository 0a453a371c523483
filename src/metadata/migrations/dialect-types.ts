// The few column types SQLite and PostgreSQL spell differently; everything else is one schema.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely';

export interface DialectTypes {
  /** Bytes: SQLite `blob`, PostgreSQL `bytea`. */
  bytes: RawBuilder<unknown>;
  /** An auto-assigned integer primary key. */
  autoId(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /**
   * Text that compares and sorts byte by byte, as listings must ("ASCIIbetical", the distribution
   * spec's tag and catalog order). SQLite's default BINARY collation already is memcmp over UTF-8;
   * PostgreSQL's default follows the database's locale, so its columns say `COLLATE "C"`.
   */
  byteOrderedText: RawBuilder<unknown>;
}

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function dialectTypes(db: Kysely<any>): DialectTypes {
  if (isPostgres(db)) {
    return { bytes: sql`bytea`, autoId: (column) => column.primaryKey().generatedByDefaultAsIdentity(), byteOrderedText: sql`text collate "C"` };
  }
  // SQLite: an INTEGER PRIMARY KEY is the rowid; AUTOINCREMENT keeps ids of deleted repositories unused.
  return { bytes: sql`blob`, autoId: (column) => column.primaryKey().autoIncrement(), byteOrderedText: sql`text` };
}
