/**
 * analytics_events unpartitioned vs partitioned by month vs by day, in one run on one database
 * (pulse_bench_partitions), so that the ratios share the machine's load:
 * `node -r ./bench/register.js bench/partitions.bench.ts`
 *
 * The same BENCH_EVENTS events (default 5M over 90 days, 1M users, the journeys of activity.bench.ts)
 * are loaded into three tables with the production columns and indexes; then, per table: the 4-step
 * funnel over 30 days (the production SQL), its planning time and the partitions it reads, ingestion
 * through the production statement shape (unnest batches of 500, ON CONFLICT on the idempotency key),
 * and removing the oldest 30 days: DROP of the partitions vs DELETE. BENCH_KEEP=1 keeps the database.
 */
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { funnelSql } from '@app/activity';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const EVENTS = env('BENCH_EVENTS', 5_000_000);
const USERS = env('BENCH_USERS', 1_000_000);
const DAYS = env('BENCH_DAYS', 90);
const ROUNDS = env('BENCH_ROUNDS', 3);
const INGEST_BATCHES = env('BENCH_INGEST_BATCHES', 100);
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'pulse_bench_partitions';
const DB_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const DAY_MS = 86_400_000;
// Midnight-aligned "now" so that day boundaries are whole partitions.
const NOW = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const STEPS = ['view_landing', 'click_signup', 'complete_registration', 'first_purchase'];

type Layout = 'flat' | 'month' | 'day';
const LAYOUTS: Layout[] = ['flat', 'month', 'day'];
const table = (layout: Layout) => `events_${layout}`;

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const iso = (ms: number) => new Date(ms).toISOString();

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [performance.now() - start, result];
}

function ddl(layout: Layout): string[] {
  const name = table(layout);
  const columns = `id bigint NOT NULL DEFAULT nextval('${name}_seq'), event_id text, user_id text NOT NULL,
    event text NOT NULL, occurred_at timestamptz NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
    properties jsonb NOT NULL DEFAULT '{}', PRIMARY KEY (id, occurred_at)`;
  const statements = [
    `CREATE SEQUENCE ${name}_seq`,
    `CREATE TABLE ${name} (${columns}) ${layout === 'flat' ? '' : 'PARTITION BY RANGE (occurred_at)'}`,
  ];
  if (layout === 'day')
    for (let at = NOW - (DAYS + 1) * DAY_MS; at <= NOW + 7 * DAY_MS; at += DAY_MS)
      statements.push(
        `CREATE TABLE ${name}_${at / DAY_MS} PARTITION OF ${name} FOR VALUES FROM ('${iso(at)}') TO ('${iso(at + DAY_MS)}')`,
      );
  if (layout === 'month') {
    const first = new Date(NOW - DAYS * DAY_MS);
    for (
      let m = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth()));
      m.getTime() <= NOW + 7 * DAY_MS;
    ) {
      const next = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1));
      statements.push(
        `CREATE TABLE ${name}_${m.toISOString().slice(0, 7).replace('-', '')} PARTITION OF ${name} FOR VALUES FROM ('${m.toISOString()}') TO ('${next.toISOString()}')`,
      );
      m = next;
    }
  }
  return statements;
}

function indexes(layout: Layout): string[] {
  const name = table(layout);
  return [
    layout === 'flat'
      ? `CREATE UNIQUE INDEX ${name}_event_id ON ${name} (event_id) WHERE event_id IS NOT NULL`
      : `CREATE UNIQUE INDEX ${name}_event_id ON ${name} (event_id, occurred_at)`,
    `CREATE INDEX ${name}_occurred ON ${name} (occurred_at)`,
    `CREATE INDEX ${name}_user ON ${name} (user_id, occurred_at)`,
    `CREATE INDEX ${name}_event ON ${name} (event, occurred_at) INCLUDE (user_id)`,
  ];
}

/** The journeys of activity.bench.ts, generated in SQL (same shape, no round trip through Node). */
const SEED_SQL = `
  WITH j AS (
    SELECT g, 'u' || (hashint4(g) & 2147483647) % ${USERS} AS user_id,
           $1::timestamptz - make_interval(secs => ((hashint4(g + 1) & 2147483647) % (${DAYS} * 86400))) AS t0,
           (hashint4(g + 2) & 2147483647) % 100 AS r
    FROM generate_series(1, $2::int) g
  )
  SELECT user_id, 'view_landing' AS event, t0 AS occurred_at FROM j
  UNION ALL SELECT user_id, 'click_signup', t0 + interval '10 minutes' FROM j WHERE r < 50
  UNION ALL SELECT user_id, 'complete_registration', t0 + interval '3 hours' FROM j WHERE r < 30
  UNION ALL SELECT user_id, 'first_purchase', t0 + interval '2 days' FROM j WHERE r < 12
  UNION ALL SELECT user_id, 'page_view', t0 - interval '5 minutes' FROM j WHERE r % 3 = 0`;

async function seed(db: Client): Promise<void> {
  const [{ n }] = (
    await db.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname = 'bench_seeded_${EVENTS}'`)
  ).rows;
  if (n === 1 && process.env.BENCH_RESEED !== '1') {
    console.log(`Reusing ${DB_NAME}`);
    return;
  }
  await db.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
  for (const layout of LAYOUTS) for (const statement of ddl(layout)) await db.query(statement);
  // ~2.25 events per journey: enough journeys for EVENTS events, capped below the future bound.
  const journeys = Math.round(EVENTS / 2.25);
  const [flatMs] = await timed(() =>
    db.query(
      `INSERT INTO events_flat (user_id, event, occurred_at)
       SELECT user_id, event, least(occurred_at, $1::timestamptz - interval '1 second') FROM (${SEED_SQL}) s`,
      [iso(NOW), journeys],
    ),
  );
  const [{ total }] = (await db.query(`SELECT count(*)::int AS total FROM events_flat`)).rows;
  console.log(`Seeded ${fmt(total)} events in ${fmt(flatMs / 1000)} s`);
  for (const layout of ['month', 'day'] as Layout[]) {
    const [ms] = await timed(() =>
      db.query(
        `INSERT INTO ${table(layout)} (user_id, event, occurred_at) SELECT user_id, event, occurred_at FROM events_flat`,
      ),
    );
    console.log(`  copied into ${table(layout)} in ${fmt(ms / 1000)} s`);
  }
  for (const layout of LAYOUTS) {
    const [ms] = await timed(async () => {
      for (const statement of indexes(layout)) await db.query(statement);
    });
    console.log(`  indexes of ${table(layout)} in ${fmt(ms / 1000)} s`);
    await db.query(`VACUUM ANALYZE ${table(layout)}`);
  }
  await db.query(`CREATE TABLE bench_seeded_${EVENTS} ()`);
}

async function funnel(db: Client, layout: Layout, from: number, to: number) {
  const sql = funnelSql(4).replace(/FROM analytics_events/g, `FROM ${table(layout)}`);
  const params = [STEPS, iso(from), iso(to), 7 * 86400];
  const [ms, result] = await timed(() => db.query(sql, params));
  const users1 = result.rows[0].users1 as number;
  const plan = (await db.query(`EXPLAIN (SUMMARY) ${sql}`, params)).rows.map(
    (r) => r['QUERY PLAN'] as string,
  );
  const planning = Number(/Planning Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
  const partitions = new Set(plan.join('\n').match(new RegExp(`${table(layout)}_\\d+\\b`, 'g')) ?? []).size;
  return { ms, users1, planning, partitions };
}

async function ingest(db: Client, layout: Layout): Promise<number> {
  const name = table(layout);
  const sql = `INSERT INTO ${name} (event_id, user_id, event, occurred_at, properties)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])
    ON CONFLICT ${layout === 'flat' ? '(event_id) WHERE event_id IS NOT NULL' : '(event_id, occurred_at)'} DO NOTHING`;
  let rows = 0;
  const [ms] = await timed(async () => {
    for (let b = 0; b < INGEST_BATCHES; b++) {
      const n = 500;
      const ids = Array.from({ length: n }, (_, i) => `${name}-${b}-${i}-${Math.random()}`);
      // Recent traffic: timestamps over the last 2 hours (one or two daily partitions).
      const times = Array.from({ length: n }, () => iso(NOW - Math.random() * 7_200_000));
      await db.query(sql, [
        ids,
        ids.map((_, i) => `u${i}`),
        ids.map(() => 'page_view'),
        times,
        ids.map(() => '{"path":"/"}'),
      ]);
      rows += n;
    }
  });
  return rows / (ms / 1000);
}

async function removeOldest30Days(db: Client, layout: Layout): Promise<{ ms: number; rows: number }> {
  const cutoff = NOW - (DAYS - 30) * DAY_MS;
  const [{ rows }] = (
    await db.query(`SELECT count(*)::int AS rows FROM ${table(layout)} WHERE occurred_at < $1`, [iso(cutoff)])
  ).rows;
  if (layout === 'flat') {
    const [ms] = await timed(() => db.query(`DELETE FROM events_flat WHERE occurred_at < $1`, [iso(cutoff)]));
    return { ms, rows };
  }
  // The partitions wholly before the cutoff (for months: only whole months qualify, as in production).
  const parts = (
    await db.query(
      `SELECT c.relname AS name,
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
      [table(layout)],
    )
  ).rows.filter((p: { upper: Date }) => p.upper.getTime() <= cutoff) as Array<{ name: string }>;
  const [{ inParts }] = (
    await db.query(
      `SELECT coalesce(sum(n), 0)::int AS "inParts" FROM (${
        parts.map((p) => `SELECT count(*) AS n FROM ${p.name}`).join(' UNION ALL ') || 'SELECT 0 AS n'
      }) s`,
    )
  ).rows;
  const [ms] = await timed(async () => {
    for (const p of parts) await db.query(`DROP TABLE ${p.name}`);
  });
  return { ms, rows: inParts };
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  if (!(await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB_NAME])).rowCount)
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores)`,
  );
  await seed(db);

  const parts = (process.env.BENCH_PARTS ?? 'funnel,ingestion,drop').split(',');
  if (parts.includes('funnel')) {
    console.log(
      '\n4-step funnel, last 30 days (median of %d interleaved rounds), planning time, partitions read:',
      ROUNDS,
    );
    const from = NOW - 30 * DAY_MS;
    const runs = new Map<Layout, Array<Awaited<ReturnType<typeof funnel>>>>(LAYOUTS.map((l) => [l, []]));
    // Rounds interleaved (flat, month, day, flat, …) so that the three share the machine's load alike.
    for (let r = 0; r < ROUNDS; r++)
      for (const layout of LAYOUTS) runs.get(layout)!.push(await funnel(db, layout, from, NOW));
    const ms = (layout: Layout) => median(runs.get(layout)!.map((f) => f.ms));
    for (const layout of LAYOUTS) {
      const f = runs.get(layout)![0];
      console.log(
        `  ${layout.padEnd(6)} ${fmt(ms(layout)).padStart(8)} ms  (×${fmt(ms(layout) / ms('flat'))} of flat)  ` +
          `planning ${fmt(median(runs.get(layout)!.map((x) => x.planning)))} ms  partitions ${f.partitions}  users@step1 ${fmt(f.users1)}`,
      );
    }
  }

  if (parts.includes('ingestion')) {
    console.log('\ningestion, unnest batches of 500 with ON CONFLICT (rows/s; rounds interleaved):');
    const rates = new Map<Layout, number[]>(LAYOUTS.map((l) => [l, []]));
    for (let r = 0; r < ROUNDS; r++)
      for (const layout of LAYOUTS) rates.get(layout)!.push(await ingest(db, layout));
    const flatRate = median(rates.get('flat')!);
    for (const layout of LAYOUTS) {
      const rate = median(rates.get(layout)!);
      console.log(
        `  ${layout.padEnd(6)} ${fmt(rate).padStart(10)} rows/s  (×${fmt(rate / flatRate)} of flat)`,
      );
    }
  }
  if (parts.includes('drop')) {
    console.log('\nremoving the oldest 30 days of events:');
    for (const layout of LAYOUTS) {
      const { ms, rows } = await removeOldest30Days(db, layout);
      console.log(
        `  ${layout.padEnd(6)} ${layout === 'flat' ? 'DELETE' : 'DROP  '} ${fmt(rows).padStart(10)} rows in ${fmt(ms)} ms`,
      );
    }
  }
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await db.end();
  if (process.env.BENCH_KEEP !== '1') {
    const cleanup = new Client({ connectionString: ADMIN_URL });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE ${DB_NAME}`);
    await cleanup.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
