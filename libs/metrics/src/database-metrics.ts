import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectMetric, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { Pool, PoolClient } from 'pg';
import type { Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { sqlOperation } from './sql-operation';

/** Pools of the apps alive in this process (tests run several); the gauges add them up. */
const pools = new Set<Pool>();
const sumOverPools = (read: (pool: Pool) => number): number =>
  [...pools].reduce((total, pool) => total + read(pool), 0);

export const DATABASE_METRICS = [
  makeGaugeProvider({
    name: 'database_connections_active',
    help: 'PostgreSQL connections of the pool checked out by a query or a transaction.',
    collect() {
      this.set(sumOverPools((pool) => pool.totalCount - pool.idleCount));
    },
  }),
  makeGaugeProvider({
    name: 'database_connections_max',
    help: 'Maximum size of the PostgreSQL connection pool.',
    collect() {
      this.set(sumOverPools((pool) => pool.options.max ?? 10));
    },
  }),
  makeHistogramProvider({
    name: 'db_query_duration_seconds',
    help: 'Execution time of the queries TypeORM sends to PostgreSQL (round trip on the connection), by operation.',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
];

type QueryHistogram = Histogram<'operation'>;
const INSTRUMENTED = Symbol('pulse.dbQueryMetrics');
type Marked = { [INSTRUMENTED]?: true };

/**
 * Observes the real pg pool behind TypeORM's DataSource: the pool gauges read it at scrape time, and
 * every client it hands out has its `query` timed with a monotonic clock (TypeORM's own query events
 * carry only millisecond `Date.now()` differences and none for failed queries).
 */
@Injectable()
export class DatabaseMetrics implements OnModuleInit, OnApplicationShutdown {
  private pool?: Pool;

  constructor(
    private readonly moduleRef: ModuleRef,
    @InjectMetric('db_query_duration_seconds') private readonly queries: QueryHistogram,
  ) {}

  onModuleInit(): void {
    const pool = postgresPoolOf(this.dataSource());
    if (!pool) return;
    instrumentPool(pool, this.queries);
    pools.add(pool);
    this.pool = pool;
  }

  onApplicationShutdown(): void {
    if (this.pool) pools.delete(this.pool);
  }

  /** The DataSource when the app has a database (the CLI and the app do; a bare test module may not). */
  private dataSource(): DataSource | undefined {
    try {
      return this.moduleRef.get(DataSource, { strict: false });
    } catch {
      return undefined;
    }
  }
}

function postgresPoolOf(dataSource: DataSource | undefined): Pool | undefined {
  const master = (dataSource?.driver as { master?: unknown } | undefined)?.master as Pool | undefined;
  return master && typeof master.connect === 'function' && 'totalCount' in master ? master : undefined;
}

/** Wraps `pool.connect` so that every client handed out (new or reused) has a timed `query`. */
export function instrumentPool(pool: Pool, histogram: QueryHistogram): void {
  const marked = pool as Pool & Marked;
  if (marked[INSTRUMENTED]) return;
  marked[INSTRUMENTED] = true;
  const connect = pool.connect.bind(pool) as (
    callback?: (err: Error | undefined, client: PoolClient | undefined, release: () => void) => void,
  ) => Promise<PoolClient> | undefined;
  const wrapped = (
    callback?: (err: Error | undefined, client: PoolClient | undefined, release: () => void) => void,
  ) => {
    if (typeof callback === 'function') {
      return connect((err, client, release) => {
        if (client) instrumentClient(client, histogram);
        callback(err, client, release);
      });
    }
    return connect()!.then((client) => {
      instrumentClient(client, histogram);
      return client;
    });
  };
  pool.connect = wrapped as Pool['connect'];
}

function instrumentClient(client: PoolClient, histogram: QueryHistogram): void {
  const marked = client as PoolClient & Marked;
  if (marked[INSTRUMENTED]) return;
  marked[INSTRUMENTED] = true;
  const query = client.query as (...args: unknown[]) => unknown;
  const timed = function (this: PoolClient, ...args: unknown[]): unknown {
    const first = args[0] as { text?: unknown; submit?: unknown } | string | undefined;
    // Streams and cursors (submittables) deliver rows over time: there is no single duration.
    if (typeof first === 'object' && typeof first?.submit === 'function') return query.apply(this, args);
    const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : '';
    const started = process.hrtime.bigint();
    const observe = () =>
      histogram.observe({ operation: sqlOperation(text) }, Number(process.hrtime.bigint() - started) / 1e9);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = function (this: unknown, ...results: unknown[]) {
        observe();
        return (last as (...a: unknown[]) => unknown).apply(this, results);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    if (result instanceof Promise) void result.then(observe, observe);
    return result;
  };
  client.query = timed as PoolClient['query'];
}
