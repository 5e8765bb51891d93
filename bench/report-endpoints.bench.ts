/**
 * The console's report endpoints on demo data: `node -r ./bench/register.js bench/report-endpoints.bench.ts`
 *
 * Seeds `seed-demo --users 5000 --days 30` (BENCH_USERS, BENCH_DAYS) into a schema of its own through
 * the seed itself (a second run on the same schema finds the data and reuses it: BENCH_SCHEMA to pick
 * it, BENCH_KEEP=1 to keep it), boots the real API on an ephemeral port and times each GET the console
 * uses, over HTTP with an admin key: "cold" is the first request after the report cache (Redis) is
 * emptied, repeated BENCH_COLD_ROUNDS times; "warm" is BENCH_RUNS requests right after. The baseline is
 * GET /api/v1/health in the same run; every figure is also printed as a ratio to its median.
 */
import { loadavg } from 'node:os';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ApiKeyService } from '@app/auth';
import { loadConfig } from '@app/config';
import { createApp } from '../apps/api/src/app.factory';
import { seedDemo } from '../apps/cli/src/commands/seed-demo.command';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = env('BENCH_USERS', 5000);
const DAYS = env('BENCH_DAYS', 30);
const RUNS = env('BENCH_RUNS', 20);
const COLD_ROUNDS = env('BENCH_COLD_ROUNDS', 5);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCHEMA = process.env.BENCH_SCHEMA ?? `bench_console_${USERS}_${DAYS}`;
const PREFIX = `pulse:bench:${SCHEMA}:`;
const TARGET_MS = 300;

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

function endpoints(): Array<[string, string]> {
  const today = new Date();
  const day = (back: number) =>
    new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back)).toISOString();
  const from = day(DAYS - 1);
  const yesterday = day(1).slice(0, 10);
  return [
    ['NPS report (30 d, default weekly)', '/admin/reports/nps'],
    ['NPS trend by day', `/admin/reports/nps?interval=day&from=${from}`],
    ['funnel (configured steps)', `/admin/reports/funnel?from=${from}`],
    ['active users (DAU/WAU/MAU)', `/admin/reports/active-users?from=${from.slice(0, 10)}`],
    ['activation by day', `/admin/reports/activation?from=${from}`],
    ['feedback list (page of 50)', '/admin/feedback?limit=50'],
    ['feedback list, type + search', '/admin/feedback?type=bug&q=checkout&limit=50'],
    ['feedback counts', `/admin/reports/feedback?from=${from}`],
    ['experiments list', '/admin/experiments'],
    ['experiment results (checkout)', '/admin/experiments/demo-checkout-cta/results'],
    ['experiment results (onboarding)', '/admin/experiments/demo-onboarding-tour/results'],
    ['alerts list', '/admin/alerts'],
    ['silences list', '/admin/silences'],
    ['incidents list', '/admin/incidents'],
    ['incident report', '/admin/reports/incidents'],
    ['daily reports list', '/admin/reports/daily'],
    ['daily report (yesterday)', `/admin/reports/daily/${yesterday}`],
    ['weekly reports list', '/admin/reports/weekly'],
    ['jobs', '/admin/jobs'],
  ];
}

async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    LOG_DIR: `/tmp/pulse-bench-logs/${SCHEMA}`,
    DATABASE_URL,
    DATABASE_SCHEMA: SCHEMA,
    REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    JOBS_ENABLED: 'false',
    CACHE_TIMEOUT_MS: '1000',
  });
  const seeded = await seedDemo(config, { users: USERS, days: DAYS, notify: false });
  console.log(
    seeded.alreadySeeded
      ? `reusing the demo data in schema ${SCHEMA}`
      : `seeded ${USERS} users over ${DAYS} days in ${seeded.seconds.toFixed(1)} s ` +
          `(${seeded.events} events, ${seeded.npsAnswers} NPS answers, ${seeded.feedback} feedback): ` +
          JSON.stringify(seeded.phases),
  );
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  // What autovacuum does after a bulk load, so that the planner knows the row counts.
  const tables = await pg.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1`,
    [SCHEMA],
  );
  for (const { name } of tables.rows) await pg.query(`VACUUM ANALYZE "${SCHEMA}"."${name}"`);
  await pg.end();

  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `${await app.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
  const { key } = await app.get(ApiKeyService).create({ name: 'bench-console', role: 'admin' });
  const redis = new Redis(REDIS_URL);
  const dropCache = () => dropKeys(redis, `${PREFIX}cache:*`);
  const get = async (path: string): Promise<number> => {
    const start = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${key}` } });
    await response.arrayBuffer();
    const elapsed = performance.now() - start;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return elapsed;
  };
  try {
    const list: Array<[string, string]> = [['baseline: GET /health', '/health'], ...endpoints()];
    for (const [, path] of list) await get(path); // connections, JIT, PostgreSQL plans
    const cold = new Map<string, number[]>(list.map(([name]) => [name, []]));
    const warm = new Map<string, number[]>(list.map(([name]) => [name, []]));
    for (let round = 0; round < COLD_ROUNDS; round++) {
      await dropCache();
      for (const [name, path] of list) cold.get(name)!.push(await get(path));
    }
    for (let run = 0; run < RUNS; run++)
      for (const [name, path] of list) warm.get(name)!.push(await get(path));

    const baseline = quantile(warm.get(list[0][0])!, 0.5);
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(9);
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${COLD_ROUNDS} cold rounds, ${RUNS} warm runs; ratio = median / health median`,
    );
    console.log(
      `${'endpoint'.padEnd(36)} ${'cold p50'.padStart(9)} ${'cold p95'.padStart(9)} ${'warm p50'.padStart(9)} ${'warm p95'.padStart(9)}  cold× warm×`,
    );
    const missed: string[] = [];
    for (const [name] of list) {
      const c = cold.get(name)!;
      const w = warm.get(name)!;
      const worst = Math.max(quantile(c, 0.5), quantile(w, 0.5));
      if (worst >= TARGET_MS) missed.push(name);
      console.log(
        `${name.padEnd(36)} ${fmt(quantile(c, 0.5))} ${fmt(quantile(c, 0.95))} ${fmt(quantile(w, 0.5))} ${fmt(quantile(w, 0.95))}` +
          `  ${(quantile(c, 0.5) / baseline).toFixed(1).padStart(5)} ${(quantile(w, 0.5) / baseline).toFixed(1).padStart(5)}`,
      );
    }
    console.log(
      missed.length === 0
        ? `every endpoint's median is under ${TARGET_MS} ms, cold and warm`
        : `median at or over ${TARGET_MS} ms: ${missed.join(', ')}`,
    );
  } finally {
    await app.close();
    if (process.env.BENCH_KEEP !== '1') {
      const cleanup = new Client({ connectionString: DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
      await cleanup.end();
      await dropKeys(redis, `${PREFIX}*`);
    }
    redis.disconnect();
  }
}

async function dropKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
