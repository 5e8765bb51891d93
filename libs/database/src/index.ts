export { DatabaseModule, DATABASE_CONNECTION } from './database.module';
export { buildDataSourceOptions } from './data-source-options';
export type { DatabaseConnection } from './data-source-options';
export { runMigrations } from './migration-runner';
export { DatabaseMissingError, waitForPostgres, describeServer } from './connection-probe';
export { startEmbeddedPostgres } from './embedded/embedded-postgres';
export type { EmbeddedPostgres } from './embedded/embedded-postgres';
export { classifyDatabaseFailure } from './database-failure';
export type { DatabaseFailure, DatabaseFailureKind } from './database-failure';
