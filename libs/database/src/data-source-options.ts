import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { TimedPgClient } from './timed-pg-client';

export interface DatabaseConnection {
  url: string;
  schema?: string;
  poolSize: number;
  /** Server-side bound on one statement (PostgreSQL cancels it: SQLSTATE 57014). 0 or unset: none. */
  statementTimeoutMs?: number;
  /**
   * Client-side bound on waiting for an answer: what notices a partitioned (black-holed) server, which
   * sends no error. Kept above the statement timeout so the server normally cancels first.
   */
  queryTimeoutMs?: number;
  /** How long a request waits for a pooled connection (or a new one) before failing. */
  poolTimeoutMs?: number;
}

const DEFAULT_POOL_TIMEOUT_MS = 5000;
/** An idle pooled connection on a dead network is found by TCP keep-alive probes, not by a query. */
const KEEPALIVE_INITIAL_DELAY_MS = 10_000;

/**
 * The one set of DataSource options, shared by the app, the CLI and the tests: schema only through
 * migrations (`synchronize` off everywhere), and a search_path so that a per-test schema isolates data.
 */
export function buildDataSourceOptions(connection: DatabaseConnection): DataSourceOptions {
  const settings = [
    ...(connection.schema ? [`-c search_path=${connection.schema},public`] : []),
    ...(connection.statementTimeoutMs ? [`-c statement_timeout=${connection.statementTimeoutMs}`] : []),
  ];
  return {
    type: 'postgres',
    url: connection.url,
    schema: connection.schema,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    extra: {
      max: connection.poolSize,
      // pg-pool applies it both to opening a connection and to waiting in the queue for one.
      connectionTimeoutMillis: connection.poolTimeoutMs || DEFAULT_POOL_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
      ...(connection.queryTimeoutMs
        ? { query_timeout: connection.queryTimeoutMs, Client: TimedPgClient }
        : {}),
      ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
    },
  };
}
