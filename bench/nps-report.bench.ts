/**
 * 30-day NPS report over 1,000,000 answers: `node -r ./bench/register.js bench/nps-report.bench.ts`
 *
 * Seeds BENCH_NPS_ANSWERS answers (default 1,000,000) spread over 90 days into a schema of its own,
 * then times, in the same run, the report as the API computes it uncached (NpsReportService.build: one
 * FILTER aggregate per week, each an index-only range scan of the covering index (created_at) INCLUDE
 * (score); the overall figures are the sums) against loading the 30 days of scores into Node and counting there. BENCH_DATABASE_URL
 * picks the server (default the local test database); BENCH_KEEP=1 keeps the schema for re-runs.
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SystemClock } from '@app/clock';
import { loadConfig } from '@app/config';
import { buildDataSourceOptions } from '@app/database';
import { summarizeNps } from '@app/feedback';
import { NpsReportService } from '../libs/feedback/src/nps/nps-report.service';
import { NpsRepository } from '../libs/feedback/src/nps/nps.repository';
import { FeedbackAndNps1764000400100 } from '../migrations/1764000400100-feedback-and-nps';

const ANSWERS = Number(process.env.BENCH_NPS_ANSWERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const SCHEMA = process.env.BENCH_SCHEMA ?? `bench_nps_${randomBytes(3).toString('hex')}`;
const DAY_MS = 86_400_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeRuns(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm the cache of the server and of the JIT
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url: URL, schema: SCHEMA, poolSize: 4 }),
    migrations: [FeedbackAndNps1764000400100],
  });
  await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${SCHEMA}"`);
    await dataSource.runMigrations();
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM nps_responses`);
    if (n !== ANSWERS) {
      const start = performance.now();
      await dataSource.query(`TRUNCATE nps_responses`);
      // Deterministic spread: ~45% promoters, ~25% passives, ~30% detractors over 90 days.
      await dataSource.query(
        `INSERT INTO nps_responses (user_id, survey_id, score, created_at, updated_at)
         SELECT 'u' || g, CASE WHEN g % 10 = 0 THEN 'beta' ELSE 'default' END,
                (ARRAY[0,2,4,5,6,6,7,7,7,8,8,9,9,9,10,10,10,10,10,9])[1 + (g::bigint * 7919) % 20],
                now() - ((g::bigint * 104729) % (90 * 86400)) * interval '1 second',
                now() - ((g::bigint * 104729) % (90 * 86400)) * interval '1 second'
           FROM generate_series(1, $1::int) g`,
        [ANSWERS],
      );
      await dataSource.query(`VACUUM ANALYZE nps_responses`);
      console.log(
        `seeded ${ANSWERS.toLocaleString('en-US')} answers in ${((performance.now() - start) / 1000).toFixed(1)} s`,
      );
    }
    const repository = new NpsRepository(dataSource);
    const to = new Date();
    const from = new Date(to.getTime() - 30 * DAY_MS);

    // The API's own code path, without the @Cached wrapper (no cache module here): uncached figures.
    const reports = new NpsReportService(repository, loadConfig({ NODE_ENV: 'test' }), new SystemClock());
    const key = { from: from.toISOString(), to: to.toISOString(), interval: 'week' as const, surveyId: null };
    const sql = await timeRuns(() => reports.build(key));
    const node = await timeRuns(async () => {
      const rows: Array<{ score: number }> = await dataSource.query(
        `SELECT score FROM nps_responses WHERE created_at >= $1 AND created_at < $2`,
        [from, to],
      );
      const counts = { responses: rows.length, promoters: 0, passives: 0, detractors: 0 };
      for (const { score } of rows) {
        if (score >= 9) counts.promoters++;
        else if (score >= 7) counts.passives++;
        else counts.detractors++;
      }
      return summarizeNps(counts);
    });
    const plan: Array<{ 'QUERY PLAN': string }> = await dataSource.query(
      `EXPLAIN SELECT count(*) FILTER (WHERE score >= 9) FROM nps_responses WHERE created_at >= $1 AND created_at < $2`,
      [from, to],
    );
    const overall = summarizeNps(await repository.counts(from, to));
    console.log(
      `answers in the 30-day window: ${overall.responses.toLocaleString('en-US')}, NPS ${overall.nps}`,
    );
    console.log(`plan: ${plan.map((p) => p['QUERY PLAN'].trim()).find((p) => /Scan/.test(p))}`);
    console.log(
      `30-day NPS report, SQL aggregates per week + overall, median of ${RUNS}: ${sql.toFixed(1)} ms`,
    );
    console.log(`30-day NPS, rows loaded into Node, median of ${RUNS}:              ${node.toFixed(1)} ms`);
    console.log(
      `ratio Node / SQL: ×${(node / sql).toFixed(1)}  (target SQL < 100 ms: ${sql < 100 ? 'met' : 'NOT met'})`,
    );
  } finally {
    if (!process.env.BENCH_KEEP) await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
