// The throwaway PostgreSQL of the metadata contract tests (src/metadata/testing/postgres-server.ts),
// for black-box suites that run Berth itself on PostgreSQL.
export { startPostgresServer, startPostgresServerOrSkip, type PostgresServer } from '../../src/metadata/testing/postgres-server.js';
