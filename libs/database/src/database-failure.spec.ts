import { DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { classifyDatabaseFailure } from './database-failure';

function serverError(code: string): DatabaseError {
  const error = new DatabaseError('server said no', 0, 'error');
  error.code = code;
  return error;
}

function socketError(code: string): Error {
  return Object.assign(new Error(`read ${code}`), { code, errno: -1, syscall: 'read' });
}

describe('classifyDatabaseFailure', () => {
  it.each([
    [socketError('ECONNRESET'), 'connection-lost', 'ECONNRESET'],
    [socketError('ECONNREFUSED'), 'unreachable', 'ECONNREFUSED'],
    [new QueryRunnerAlreadyReleasedError(), 'connection-lost', 'QueryRunnerAlreadyReleasedError'],
    [new QueryFailedError('SELECT 1', [], serverError('57P01')), 'shutting-down', '57P01'],
    [serverError('57P02'), 'shutting-down', '57P02'],
    [serverError('57P03'), 'shutting-down', '57P03'],
    [serverError('08006'), 'connection-lost', '08006'],
    [serverError('08P01'), 'connection-lost', '08P01'],
    [serverError('53300'), 'pool-exhausted', '53300'],
    [new QueryFailedError('SELECT 1', [], serverError('57014')), 'timeout', '57014'],
    [new Error('timeout exceeded when trying to connect'), 'pool-exhausted', undefined],
    [new Error('Query read timeout'), 'timeout', undefined],
    [new Error('Connection terminated unexpectedly'), 'connection-lost', undefined],
  ])('case %# is an outage', (error, kind, cause) => {
    const failure = classifyDatabaseFailure(error);
    expect(failure?.kind).toBe(kind);
    if (cause) expect(failure?.cause).toBe(cause);
  });

  it('follows `cause` chains (pg-pool wraps connect timeouts)', () => {
    const wrapped = new Error('request failed', { cause: socketError('ECONNRESET') });
    expect(classifyDatabaseFailure(wrapped)?.kind).toBe('connection-lost');
  });

  it.each([
    new QueryFailedError('INSERT', [], serverError('23505')),
    serverError('22P02'),
    new Error('boom'),
    new Error('constructor'),
    'a string',
    null,
  ])('non-outage case %# is not classified', (error) => {
    expect(classifyDatabaseFailure(error)).toBeUndefined();
  });
});
