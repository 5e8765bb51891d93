/**
 * Results latency at scale: `node -r ./bench/register.js bench/experiment-results.bench.ts`
 *
 * The full app (createApp) on PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL; defaults: the
 * local test servers; a temporary schema and key prefix, removed afterwards). Generates, in SQL with
 * generate_series, a running 2-variant experiment with BENCH_USERS exposures (1,000,000) and
 * BENCH_EVENTS_PER_USER (10) events per exposed user (10,000,000: 3 of the primary event `purchase`,
 * before and after exposure; `refund`, the guardrail, for 10% of users; the rest `page_view`), then
 * times GET /api/v1/admin/experiments/:key/results: BENCH_COLD (3) computations (each after a PATCH that
 * moves the definition version, so the cache misses) and 5 cached answers. Target: cold < 1 s.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { Client } from 'pg';
import { EventPartitionsService } from '@app/activity';
import { ApiKeyService } from '@app/auth';
import { loadConfig } from '@app/config';
import { createApp } from '../apps/api/src/app.factory';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = env('BENCH_USERS', 1_000_000);
const EVENTS_PER_USER = env('BENCH_EVENTS_PER_USER', 10);
const COLD = env('BENCH_COLD', 3);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'bench-results';
interface Results {
  totalExposures: number;
  primary: {
    variants: Array<{ rate: number; inference: { cuped: { varianceReduction: number | null } | null } }>;
  };
  decision: { verdict: string };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  // BENCH_SCHEMA=<a schema kept by BENCH_KEEP=1> re-times the same data without generating it again.
  const reuse = process.env.BENCH_SCHEMA;
  const schema = reuse ?? `bench_results_${id}`;
  const prefix = `pulse:bench:results:${id}:`;
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LOG_DIR: `/tmp/pulse-bench-logs/${schema}`,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      JOBS_ENABLED: 'false',
    }),
  );
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;
  const admin = (await app.get(ApiKeyService).create({ name: 'bench-admin', role: 'admin' })).key;
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const call = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  try {
    if (!reuse) await generate();
    let t0 = performance.now();
    async function generate(): Promise<void> {
      await call('POST', '/admin/experiments', {
        key: KEY,
        variants: [
          { key: 'control', weight: 1 },
          { key: 'treatment', weight: 1 },
        ],
        primaryEvent: 'purchase',
        guardrailEvents: ['refund'],
      });
      await call('POST', `/admin/experiments/${KEY}/start`);
      const started = performance.now();
      await db.query(`SET search_path TO "${schema}"`);
      await db.query(
        `INSERT INTO experiment_exposures (experiment_key, user_id, variant, exposed_at)
       SELECT $1, 'u' || i, CASE WHEN i % 2 = 0 THEN 'control' ELSE 'treatment' END,
              timestamptz '2026-11-01' + (i % 14) * interval '1 day' + (i % 86400) * interval '1 second'
         FROM generate_series(1, $2) i`,
        [KEY, USERS],
      );
      // Secondary indexes are rebuilt after the load (far faster than maintaining them row by row).
      const { rows: indexes } = await db.query<{ indexdef: string; indexname: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'analytics_events'
          AND indexname <> 'pk_analytics_events'`,
        [schema],
      );
      for (const index of indexes) await db.query(`DROP INDEX "${index.indexname}"`);
      // Events are partitioned by day: the generated days need their partitions first.
      await app.get(EventPartitionsService).ensure(new Date('2026-10-01'), new Date('2026-12-31'));
      await db.query(
        `INSERT INTO analytics_events (user_id, event, occurred_at)
       SELECT 'u' || i,
              CASE WHEN k <= 3 THEN 'purchase' WHEN k = 4 AND i % 10 = 0 THEN 'refund' ELSE 'page_view' END,
              timestamptz '2026-11-01' + (i % 14) * interval '1 day' + (i % 86400) * interval '1 second'
                + (((k * 7919 + i) % 41) - 20 + CASE WHEN k = 1 AND i % 2 = 1 AND i % 7 = 0 THEN 25 ELSE 0 END)
                  * interval '1 day'
         FROM generate_series(1, $1) i, generate_series(1, $2) k`,
        [USERS, EVENTS_PER_USER],
      );
      // A partitioned table's definition reads `ON ONLY` (parent alone); rebuild on every partition.
      for (const index of indexes) await db.query(index.indexdef.replace(' ON ONLY ', ' ON '));
      await db.query(`ANALYZE experiment_exposures; ANALYZE analytics_events`);
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM analytics_events`);
      console.log(
        `generated ${USERS} exposures and ${rows[0].n} events in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }

    const cold: number[] = [];
    for (let i = 0; i < COLD; i++) {
      await call('PATCH', `/admin/experiments/${KEY}`, { description: `run ${i}` }); // new version: cache miss
      t0 = performance.now();
      const body = (await call('GET', `/admin/experiments/${KEY}/results`)) as Results;
      cold.push(performance.now() - t0);
      if (i === 0) {
        const b = body.primary.variants[1];
        console.log(
          `exposures ${body.totalExposures}, primary rates ${body.primary.variants.map((v) => v.rate.toFixed(4)).join(' / ')}, ` +
            `CUPED variance reduction ${b.inference.cuped?.varianceReduction?.toFixed(3) ?? 'n/a'}, decision "${body.decision.verdict}"`,
        );
      }
    }
    const cached: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await call('GET', `/admin/experiments/${KEY}/results`);
      cached.push(performance.now() - t0);
    }
    const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(
      `cold (computed) ms: ${ms(cold)}; median ${median(cold).toFixed(0)} (target < 1000: ${median(cold) < 1000 ? 'met' : 'NOT met'})`,
    );
    console.log(`cached ms: ${ms(cached)}; median ${median(cached).toFixed(1)}`);
  } finally {
    await app.close();
    // BENCH_KEEP=1 keeps the data for EXPLAIN (drop the schema by hand afterwards).
    if (process.env.BENCH_KEEP || reuse) console.log(`kept schema ${schema}`);
    else await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
