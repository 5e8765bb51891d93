/**
 * Product activity at scale: `node -r ./bench/register.js bench/activity.bench.ts`
 *
 * Seeds a dedicated database (pulse_bench_activity) by COPY, then measures, each against the
 * straightforward approach in the same run: HTTP batch ingestion vs one INSERT per event; PFADD
 * (auto-pipelined) vs SADD+EXPIRE per event; the 4-step funnel in SQL vs rows loaded into Node; MAU from
 * Redis (PFCOUNT over 30 day keys) vs SUNIONSTORE; MAU from user_daily_activity vs analytics_events; Redis
 * memory of 30 days of HLL keys vs sets. Sizes: BENCH_EVENTS, BENCH_USERS, BENCH_DAYS,
 * BENCH_HLL_USERS_PER_DAY, BENCH_SET_USERS_PER_DAY; BENCH_PARTS=table,ingestion,redis picks parts; BENCH_KEEP=1
 * keeps the seeded database for re-runs.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { Client, Pool } from 'pg';
import { ApiKeyService } from '@app/auth';
import { ActivityReadService, EventPartitionsService } from '@app/activity';
import { loadConfig } from '@app/config';
import { createApp } from '../apps/api/src/app.factory';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const EVENTS = env('BENCH_EVENTS', 5_000_000);
const USERS = env('BENCH_USERS', 1_000_000);
const DAYS = env('BENCH_DAYS', 90);
const HLL_PER_DAY = env('BENCH_HLL_USERS_PER_DAY', 1_000_000);
const SET_PER_DAY = env('BENCH_SET_USERS_PER_DAY', 100_000);
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'pulse_bench_activity';
const DB_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = 'pulse:bench:activity:';
const DAY_MS = 86_400_000;
const NOW = Date.now();

let seed = 7;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = (n: number) => Math.floor(random() * n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const day = (offset: number) => new Date(NOW - offset * DAY_MS).toISOString().slice(0, 10);
const line = (name: string, value: string, baseline?: string, ratio?: number) =>
  console.log(
    `${name.padEnd(44)} ${value.padEnd(22)} ${(baseline ?? '').padEnd(26)} ${ratio ? `×${fmt(ratio)}` : ''}`,
  );

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [performance.now() - start, result];
}

/** Journeys: a landing, then each funnel step with falling probability, plus background events. */
function* csvRows(): Generator<string> {
  let produced = 0;
  const ts = (at: number) => new Date(Math.min(at, NOW - 1000)).toISOString();
  while (produced < EVENTS) {
    const user = `u${pick(USERS)}`;
    let at = NOW - random() * DAYS * DAY_MS;
    const rows = [`${user},view_landing,${ts(at)}`];
    const chain: Array<[string, number, number]> = [
      ['click_signup', 0.5, 2 * 3600e3],
      ['complete_registration', 0.6, DAY_MS],
      ['first_purchase', 0.4, 5 * DAY_MS],
    ];
    for (const [event, p, spread] of chain) {
      if (random() > p) break;
      at += random() * spread;
      rows.push(`${user},${event},${ts(at)}`);
    }
    for (let k = pick(4); k > 0; k--) rows.push(`${user},page_view,${ts(at - random() * 3600e3)}`);
    produced += rows.length;
    yield rows.join('\n') + '\n';
  }
}

async function seedDatabase(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB_NAME])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  await db.query(`CREATE TABLE IF NOT EXISTS bench_meta (size text)`);
  const size = `${EVENTS}/${USERS}/${DAYS}`;
  const [meta] = (await db.query(`SELECT size FROM bench_meta`)).rows;
  // Let the app's migrations create the tables (same DDL as production).
  const app = await createApp(benchConfig());
  await app.init();
  // analytics_events is partitioned by day: COPY needs the partitions of the seeded days.
  await app.get(EventPartitionsService).ensure(new Date(NOW - DAYS * DAY_MS), new Date(NOW + DAY_MS));
  await app.close();
  if (meta?.size === size && process.env.BENCH_RESEED !== '1') {
    console.log(`Reusing seeded database ${DB_NAME} (${size})`);
    await db.end();
    return;
  }
  console.log(`Seeding ${fmt(EVENTS)} events for ${fmt(USERS)} users over ${DAYS} days by COPY…`);
  await db.query(`TRUNCATE analytics_events, user_daily_activity`);
  const indexes = (
    await db.query(
      `SELECT indexdef, indexname FROM pg_indexes WHERE tablename = 'analytics_events' AND indexname LIKE 'ix_%'`,
    )
  ).rows as Array<{ indexdef: string; indexname: string }>;
  for (const ix of indexes) await db.query(`DROP INDEX ${ix.indexname}`);
  const [copyMs] = await timed(() => copyIn());
  const [indexMs] = await timed(async () => {
    for (const ix of indexes) await db.query(ix.indexdef);
  });
  const [dailyMs] = await timed(() =>
    db.query(`INSERT INTO user_daily_activity (user_id, day, first_seen_at, events)
              SELECT user_id, (occurred_at AT TIME ZONE 'UTC')::date, min(occurred_at), count(*)
              FROM analytics_events GROUP BY 1, 2`),
  );
  await db.query(`VACUUM ANALYZE analytics_events`);
  await db.query(`VACUUM ANALYZE user_daily_activity`);
  await db.query(`DELETE FROM bench_meta`);
  await db.query(`INSERT INTO bench_meta VALUES ($1)`, [size]);
  const rows = (await db.query(`SELECT count(*)::int AS n FROM user_daily_activity`)).rows[0].n;
  console.log(
    `Seeded: COPY ${fmt(copyMs / 1000)} s (${fmt(EVENTS / (copyMs / 1000))} rows/s), indexes ${fmt(indexMs / 1000)} s, ` +
      `user_daily_activity ${fmt(rows)} rows in ${fmt(dailyMs / 1000)} s`,
  );
  await db.end();
}

function copyIn(): Promise<void> {
  return new Promise((resolve, reject) => {
    const psql = spawn('psql', [
      DB_URL,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `COPY analytics_events (user_id, event, occurred_at) FROM STDIN WITH (FORMAT csv)`,
    ]);
    psql.on('error', reject);
    psql.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY exited with ${code}`))));
    const rows = csvRows();
    const pump = () => {
      for (;;) {
        const next = rows.next();
        if (next.done) return psql.stdin.end();
        if (!psql.stdin.write(next.value)) return psql.stdin.once('drain', pump);
      }
    };
    pump();
  });
}

function benchConfig() {
  return loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_DIR: '/tmp/pulse-bench-logs',
    DATABASE_URL: DB_URL,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    JOBS_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    BODY_LIMIT_BYTES: String(1024 * 1024),
  });
}

function batchBody(size: number): string {
  return JSON.stringify(
    Array.from({ length: size }, () => ({
      userId: `h${pick(USERS)}`,
      event: 'page_view',
      properties: { p: 1 },
    })),
  );
}

async function ingestion(): Promise<void> {
  const app = await createApp(benchConfig());
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const key = (await app.get(ApiKeyService).create({ name: 'bench', role: 'ingest' })).key;
  const bodies = Array.from({ length: 100 }, () => batchBody(500));
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/events`,
    method: 'POST',
    connections: 8,
    duration: Number(process.env.BENCH_HTTP_SECONDS ?? 10),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
  });
  const ok = result['2xx'];
  const perSecond = (ok * 500) / result.duration;
  const errors = result.non2xx + result.errors;
  await new Promise((resolve) => setTimeout(resolve, 2000)); // let in-flight requests finish
  await app.close();

  // Baseline: one INSERT per event, 8 concurrent connections, no HTTP at all.
  const pool = new Pool({ connectionString: DB_URL, max: 8 });
  let inserted = 0;
  const until = performance.now() + 5000;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < until) {
        await pool.query(
          `INSERT INTO analytics_events (user_id, event, occurred_at) VALUES ($1, 'page_view', now())`,
          [`b${pick(USERS)}`],
        );
        inserted++;
      }
    }),
  );
  await pool.end();
  const baseline = inserted / 5;
  line(
    'ingestion, HTTP batches of 500 (events/s)',
    `${fmt(perSecond)} (p50 ${result.latency.p50} ms)`,
    `1 INSERT/event: ${fmt(baseline)}`,
    perSecond / baseline,
  );
  if (errors > 0) console.log(`  (HTTP: ${errors} non-2xx/errors)`);
}

async function funnelAndTable(): Promise<void> {
  const app = await createApp(benchConfig());
  await app.init();
  const read = app.get(ActivityReadService);
  const steps = ['view_landing', 'click_signup', 'complete_registration', 'first_purchase'];
  // 30 days up to now: a range including today is never served from the cache, so every run computes.
  const to = new Date(NOW);
  const from = new Date(to.getTime() - 30 * DAY_MS);
  const runs: number[] = [];
  let users: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [ms, report] = await timed(() => read.funnel(steps, from, to, 7 * 86400));
    runs.push(ms);
    users = report.steps.map((s) => s.users);
  }
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  const [naiveMs, naive] = await timed(async () => {
    const { rows } = await db.query(
      `SELECT user_id, event, occurred_at FROM analytics_events
       WHERE event = ANY($1) AND occurred_at >= $2 AND occurred_at < $3::timestamptz + interval '7 days'
       ORDER BY user_id, occurred_at, array_position($1, event)`,
      [steps, from, to],
    );
    return naiveFunnel(rows as Array<{ user_id: string; event: string; occurred_at: Date }>, steps, from, to);
  });
  line(
    'funnel, 4 steps over 30 days (ms)',
    `${fmt(median(runs))} [${users.join('/')}]`,
    `rows into Node: ${fmt(naiveMs)}`,
    naiveMs / median(runs),
  );
  if (naive.join('/') !== users.join('/')) console.log(`  MISMATCH: Node funnel gives ${naive.join('/')}`);

  const target = day(1);
  const mauRuns: number[] = [];
  let mau = 0;
  for (let i = 0; i < 3; i++) {
    const [ms, point] = await timed(() => read.activeUsers(target));
    mauRuns.push(ms);
    mau = point.mau;
  }
  const [rawMs] = await timed(() =>
    db.query(
      `SELECT count(DISTINCT user_id) FROM analytics_events
       WHERE occurred_at >= $1::date - 29 AND occurred_at < $1::date + 1`,
      [target],
    ),
  );
  line(
    'MAU of a day from user_daily_activity (ms)',
    `${fmt(median(mauRuns))} (${fmt(mau)})`,
    `DISTINCT on events: ${fmt(rawMs)}`,
    rawMs / median(mauRuns),
  );
  const [seriesMs, series] = await timed(() =>
    read.activeUsersReport({ from: from.toISOString(), to: to.toISOString() }),
  );
  line('DAU/WAU/MAU series, 30 days (ms)', `${fmt(seriesMs)} (${series.days.length} days)`);
  await db.end();
  await app.close();
}

function naiveFunnel(
  rows: Array<{ user_id: string; event: string; occurred_at: Date }>,
  steps: string[],
  from: Date,
  to: Date,
) {
  const counts = steps.map(() => 0);
  let i = 0;
  while (i < rows.length) {
    const user = rows[i].user_id;
    let start = -1;
    let last = -1;
    let reached = 0;
    for (; i < rows.length && rows[i].user_id === user; i++) {
      const at = rows[i].occurred_at.getTime();
      if (reached === 0) {
        if (rows[i].event === steps[0] && at >= from.getTime() && at < to.getTime())
          [start, last, reached] = [at, at, 1];
      } else if (
        reached < steps.length &&
        rows[i].event === steps[reached] &&
        at >= last &&
        at <= start + 7 * DAY_MS
      ) {
        last = at;
        reached++;
      }
    }
    for (let s = 0; s < reached; s++) counts[s]++;
  }
  return counts;
}

async function redisFigures(): Promise<void> {
  const redis = new Redis(REDIS_URL, { enableAutoPipelining: true });
  const key = (kind: string, d: string) => `${PREFIX}{active}:${kind}:${d}`;
  // Per-event write path: SADD + EXPIRE awaited per event vs one auto-pipelined PFADD per event.
  const n = 50_000;
  const [setMs] = await timed(async () => {
    for (let i = 0; i < n; i++) {
      await redis.sadd(key('s', 'w'), `u${i}`);
      await redis.expire(key('s', 'w'), 3600);
    }
  });
  const [hllMs] = await timed(() =>
    Promise.all(Array.from({ length: n }, (_, i) => redis.pfadd(key('d', 'w'), `u${i}`))),
  );
  line(
    'active-user write per event (events/s)',
    fmt(n / (hllMs / 1000)),
    `SADD+EXPIRE: ${fmt(n / (setMs / 1000))}`,
    setMs / hllMs,
  );
  await redis.del(key('s', 'w'), key('d', 'w'));

  // 30 days of HLL keys at HLL_PER_DAY users a day (a sliding population), and of sets at SET_PER_DAY.
  const fill = async (kind: 's' | 'd', perDay: number) => {
    // Start empty: the ingestion part marks today's key through the app (same key names).
    await redis.del(...Array.from({ length: 30 }, (_, d) => key(kind, day(d))));
    for (let d = 0; d < 30; d++) {
      const base = d * Math.floor(perDay / 3);
      for (let i = 0; i < perDay; i += 10_000) {
        const members = Array.from({ length: Math.min(10_000, perDay - i) }, (_, k) => `u${base + i + k}`);
        await (kind === 'd'
          ? redis.pfadd(key(kind, day(d)), ...members)
          : redis.sadd(key(kind, day(d)), ...members));
      }
    }
  };
  await fill('d', HLL_PER_DAY);
  const dayKeys = (kind: string) => Array.from({ length: 30 }, (_, d) => key(kind, day(d)));
  const counts: number[] = [];
  let mau = 0;
  for (let i = 0; i < 20; i++) {
    const [ms, value] = await timed(() => redis.pfcount(...dayKeys('d')));
    counts.push(ms);
    mau = value;
  }
  const exactMau = 29 * Math.floor(HLL_PER_DAY / 3) + HLL_PER_DAY;
  let hllBytes = 0;
  for (const k of dayKeys('d')) hllBytes += Number(await redis.memory('USAGE', k));
  await redis.del(...dayKeys('d'));

  await fill('s', SET_PER_DAY);
  const [unionMs, unionSize] = await timed(() => redis.sunionstore(key('s', 'union'), ...dayKeys('s')));
  await fill('d', SET_PER_DAY);
  const small: number[] = [];
  for (let i = 0; i < 20; i++) small.push((await timed(() => redis.pfcount(...dayKeys('d'))))[0]);
  await redis.del(...dayKeys('s'), ...dayKeys('d'), key('s', 'union'));

  // Memory of one day as a set at HLL_PER_DAY users, measured exactly, times 30.
  const oneSet = key('s', 'memory');
  for (let i = 0; i < HLL_PER_DAY; i += 10_000)
    await redis.sadd(
      oneSet,
      ...Array.from({ length: Math.min(10_000, HLL_PER_DAY - i) }, (_, k) => `u${i + k}`),
    );
  const setBytes = Number(await redis.memory('USAGE', oneSet, 'SAMPLES', '0'));
  await redis.del(oneSet);
  line(
    `MAU from Redis, 30 × ${fmt(HLL_PER_DAY)} users/day (ms)`,
    `${fmt(median(counts))} (${fmt(mau)}, ${fmt((100 * (mau - exactMau)) / exactMau)}%)`,
  );
  line(
    `MAU from Redis, 30 × ${fmt(SET_PER_DAY)} users/day (ms)`,
    fmt(median(small)),
    `SUNIONSTORE: ${fmt(unionMs)} (${fmt(unionSize)})`,
    unionMs / median(small),
  );
  line(
    `Redis memory, 30 days at ${fmt(HLL_PER_DAY)} users/day`,
    `${fmt(hllBytes / 1024)} KiB`,
    `sets: ${fmt((30 * setBytes) / 2 ** 20)} MiB`,
    (30 * setBytes) / hllBytes,
  );
  redis.disconnect();
}

async function main(): Promise<void> {
  await seedDatabase();
  // The VM is shared: wall-clock figures depend on what else runs, so print the load next to them.
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(`\n${'measure'.padEnd(44)} ${'Pulse'.padEnd(22)} ${'straightforward'.padEnd(26)} ratio`);
  const parts = (process.env.BENCH_PARTS ?? 'table,ingestion,redis').split(',');
  if (parts.includes('table')) await funnelAndTable();
  if (parts.includes('ingestion')) await ingestion();
  if (parts.includes('redis')) await redisFigures();
  console.log(
    `load average at end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  if (process.env.BENCH_KEEP !== '1') {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
