import {
  CannotExecuteNotConnectedError,
  ConnectionIsNotSetError,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/** Why the database could not serve a request. Every kind is transient: the client should retry. */
export type DatabaseFailureKind =
  'unreachable' | 'connection-lost' | 'pool-exhausted' | 'timeout' | 'shutting-down';

export interface DatabaseFailure {
  kind: DatabaseFailureKind;
  /** What identified it: a SQLSTATE, a socket errno, an error class or pg's fixed error text. */
  cause: string;
}

/** SQLSTATEs of the server (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const SQLSTATES: Record<string, DatabaseFailureKind> = {
  '57P01': 'shutting-down', // admin_shutdown: smart/fast stop, pg_terminate_backend
  '57P02': 'shutting-down', // crash_shutdown
  '57P03': 'shutting-down', // cannot_connect_now: starting up or shutting down
  '53300': 'pool-exhausted', // too_many_connections: the server's own pool is full
  '57014': 'timeout', // query_canceled: statement_timeout fired
  '25P03': 'timeout', // idle_in_transaction_session_timeout
  '08001': 'unreachable', // sqlclient_unable_to_establish_sqlconnection
  '08004': 'unreachable', // sqlserver_rejected_establishment_of_sqlconnection
};

/** Socket errnos from Node's net layer, as pg passes them through. */
const ERRNOS: Record<string, DatabaseFailureKind> = {
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ECONNRESET: 'connection-lost',
  ECONNABORTED: 'connection-lost',
  EPIPE: 'connection-lost',
  ETIMEDOUT: 'timeout',
};

/**
 * pg and pg-pool raise these as plain Errors without a code; their text is fixed in the driver's source
 * (pg 8: lib/client.js, pg-pool: index.js), so it identifies them exactly (equality, no pattern).
 */
const DRIVER_ERRORS: Record<string, DatabaseFailureKind> = {
  'Connection terminated unexpectedly': 'connection-lost',
  'Connection terminated': 'connection-lost',
  'Client has encountered a connection error and is not queryable': 'connection-lost',
  'Client was closed and is not queryable': 'connection-lost',
  'timeout expired': 'unreachable',
  'Connection terminated due to connection timeout': 'unreachable',
  'timeout exceeded when trying to connect': 'pool-exhausted',
  'Query read timeout': 'timeout',
  'Cannot use a pool after calling end on the pool': 'shutting-down',
};

/** TypeORM's own errors that mean the connection under a query runner went away. */
const TYPEORM_ERRORS: Array<[new (...args: never[]) => Error, DatabaseFailureKind]> = [
  [QueryRunnerAlreadyReleasedError, 'connection-lost'],
  [QueryRunnerProviderAlreadyReleasedError, 'connection-lost'],
  [CannotExecuteNotConnectedError, 'unreachable'],
  [ConnectionIsNotSetError, 'unreachable'],
];

/**
 * Classifies an error as a database outage (server gone, connection lost, pool exhausted, timeout,
 * shutting down), or undefined when it is anything else (a constraint, a bad value, a bug). Looks
 * through TypeORM's QueryFailedError (`driverError`) and `cause` chains.
 */
export function classifyDatabaseFailure(error: unknown): DatabaseFailure | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const found = classifyOne(current);
    if (found) return found;
    const next =
      current instanceof QueryFailedError
        ? (current.driverError as unknown)
        : (current as { cause?: unknown }).cause;
    current = next;
  }
  return undefined;
}

function classifyOne(error: unknown): DatabaseFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const kind =
      SQLSTATES[code] ??
      ERRNOS[code] ??
      (code.length === 5 && code.startsWith('08') ? 'connection-lost' : undefined);
    if (kind) return { kind, cause: code };
  }
  for (const [type, kind] of TYPEORM_ERRORS) {
    if (error instanceof type) return { kind, cause: type.name };
  }
  const message = (error as { message?: unknown }).message;
  if (error instanceof Error && typeof message === 'string' && Object.hasOwn(DRIVER_ERRORS, message)) {
    return { kind: DRIVER_ERRORS[message], cause: message };
  }
  return undefined;
}
