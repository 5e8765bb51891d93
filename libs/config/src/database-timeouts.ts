import { EnvReader } from './env-parsers';

/**
 * Bounds that make a failing database a quick 503 instead of a hang. Statements of the app's requests
 * and jobs are bounded; migrations run on their own connection without them.
 */
export function databaseTimeouts(read: EnvReader) {
  const statementTimeoutMs = read.int('DATABASE_STATEMENT_TIMEOUT_MS', 5000, 0, 3_600_000);
  return {
    statementTimeoutMs,
    // Default: one second past the statement timeout, so the server's own cancel normally comes first.
    queryTimeoutMs: read.int(
      'DATABASE_QUERY_TIMEOUT_MS',
      statementTimeoutMs > 0 ? statementTimeoutMs + 1000 : 0,
      0,
      3_600_000,
    ),
    poolTimeoutMs: read.int('DATABASE_POOL_TIMEOUT_MS', 3000, 100, 600_000),
  };
}
