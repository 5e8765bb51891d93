import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventPartitionsService } from '@app/activity';
import { ManualClock } from '@app/clock';
import { HTTP_DURATION_BUCKETS } from '@app/metrics';
import {
  DailyReportJob,
  HousekeepingJob,
  HttpRollupBuffer,
  HttpRollupRepository,
  ReportBuilder,
  StoredReport,
  WeeklyReportJob,
} from '@app/reports';
import { buildReportFromCli } from '../apps/cli/src/commands/report.command';
import { TestApp, createTestApp } from './utils/test-app';

const FIXTURE = join(__dirname, 'fixtures/reports/daily.json');
const MINUTE = 60_000;

/** Per-bucket latency counts for HTTP_DURATION_BUCKETS (+Inf last), from a sparse map index → count. */
function buckets(sparse: Record<number, number>): number[] {
  return Array.from({ length: HTTP_DURATION_BUCKETS.length + 1 }, (_, i) => sparse[i] ?? 0);
}

describe('daily and weekly reports (e2e)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let admin: string;
  let db: DataSource;
  let jobReport: StoredReport;

  const get = (path: string) =>
    t.http.get(`/api/v1/admin/reports${path}`).set('Authorization', `Bearer ${admin}`);
  const incidentCall = (path: string, body: object = {}) =>
    t.http.post(`/api/v1/admin/incidents${path}`).set('Authorization', `Bearer ${admin}`).send(body);

  async function incident(severity: string, detected: string, ackAfter: number, resolveAfter?: number) {
    const start = new Date(detected);
    clock.set(start);
    const { id } = (await incidentCall('', { title: `${severity} at ${detected}`, severity }).expect(201))
      .body;
    clock.set(new Date(start.getTime() + ackAfter * MINUTE));
    await incidentCall(`/${id}/acknowledge`).expect(200);
    if (resolveAfter !== undefined) {
      clock.set(new Date(start.getTime() + resolveAfter * MINUTE));
      await incidentCall(`/${id}/status`, { status: 'resolved' }).expect(200);
    }
  }

  async function seed(): Promise<void> {
    // Active users: 11-20 has u1..u4; 11-19 u1, u2; 11-13 (a week before) u1; u5 on 11-15, u6 on 11-01.
    const activity: Array<[string, string]> = [
      ['u1', '2026-11-20'],
      ['u2', '2026-11-20'],
      ['u3', '2026-11-20'],
      ['u4', '2026-11-20'],
      ['u1', '2026-11-19'],
      ['u2', '2026-11-19'],
      ['u1', '2026-11-13'],
      ['u5', '2026-11-15'],
      ['u6', '2026-11-01'],
    ];
    for (const [user, day] of activity)
      await db.query(
        `INSERT INTO user_daily_activity (user_id, day, first_seen_at, events) VALUES ($1, $2, $2::date, 1)`,
        [user, day],
      );
    const events: Array<[string, string, string]> = [
      ['u3', 'user_registered', '2026-11-20T10:00:00Z'],
      ['u4', 'user_registered', '2026-11-20T11:00:00Z'],
      ['u3', 'user_activated', '2026-11-20T12:00:00Z'],
      ['u2', 'user_registered', '2026-11-19T09:00:00Z'],
      ['u2', 'user_activated', '2026-11-19T10:00:00Z'],
      // Funnel on 11-20: three users land, one goes all the way; on 11-19 one user all the way.
      ['u1', 'view_landing', '2026-11-20T08:00:00Z'],
      ['u1', 'click_signup', '2026-11-20T08:10:00Z'],
      ['u1', 'complete_registration', '2026-11-20T08:20:00Z'],
      ['u1', 'first_purchase', '2026-11-20T09:00:00Z'],
      ['u2', 'view_landing', '2026-11-20T08:00:00Z'],
      ['u2', 'click_signup', '2026-11-20T08:05:00Z'],
      ['u3', 'view_landing', '2026-11-20T08:00:00Z'],
      ['u1', 'view_landing', '2026-11-19T08:00:00Z'],
      ['u1', 'click_signup', '2026-11-19T08:01:00Z'],
      ['u1', 'complete_registration', '2026-11-19T08:02:00Z'],
      ['u1', 'first_purchase', '2026-11-19T08:03:00Z'],
    ];
    for (const [user, event, at] of events)
      await db.query(`INSERT INTO analytics_events (user_id, event, occurred_at) VALUES ($1, $2, $3)`, [
        user,
        event,
        at,
      ]);
    const feedback: Array<[string, string, number, string]> = [
      ['bug', 'negative', -0.6, '2026-11-20T09:00:00Z'],
      ['bug', 'neutral', 0, '2026-11-20T10:00:00Z'],
      ['feature', 'positive', 0.7, '2026-11-20T11:00:00Z'],
      ['improvement', 'positive', 0.5, '2026-11-19T11:00:00Z'],
    ];
    for (const [type, label, score, at] of feedback)
      await db.query(
        `INSERT INTO feedback (type, message, sentiment_score, sentiment_label, created_at) VALUES ($1, 'fixture', $2, $3, $4)`,
        [type, score, label, at],
      );
    // NPS over the 30 days to the end of 11-20: 2 promoters, 1 passive, 1 detractor → 25.
    const nps: Array<[string, number, string]> = [
      ['u1', 10, '2026-11-20T10:00:00Z'],
      ['u2', 9, '2026-11-20T10:00:00Z'],
      ['u3', 3, '2026-11-20T10:00:00Z'],
      ['u4', 8, '2026-11-10T10:00:00Z'],
    ];
    for (const [user, score, at] of nps)
      await db.query(
        `INSERT INTO nps_responses (user_id, survey_id, score, created_at, updated_at) VALUES ($1, 'default', $2, $3, $3)`,
        [user, score, at],
      );
    const alerts: Array<[string, string]> = [
      ['P0', '2026-11-20T01:00:00Z'],
      ['P2', '2026-11-20T02:00:00Z'],
      ['P2', '2026-11-20T03:00:00Z'],
      ['P1', '2026-11-19T03:00:00Z'],
    ];
    for (const [i, [priority, at]] of alerts.entries())
      await db.query(
        `INSERT INTO alerts (fingerprint, name, priority, source, labels, status, starts_at, fired_at, last_received_at, created_at, updated_at)
         VALUES ($1, 'Fixture', $2, 'prometheus', '{}', 'firing', $3, $3, $3, $3, $3)`,
        [`fixture${String(i).padStart(9, '0')}`, priority, at],
      );
    await incident('SEV-2', '2026-11-20T09:00:00Z', 10, 60);
    await incident('SEV-3', '2026-11-19T09:00:00Z', 20);
    // The HTTP rollup: the seeding requests above are dropped, then two replicas add up 11-20.
    await t.app.get(HttpRollupBuffer).flush();
    await db.query(`DELETE FROM http_daily_rollup`);
    const rollup = t.app.get(HttpRollupRepository);
    const latency = (counts: number[]) => ({ bounds: HTTP_DURATION_BUCKETS, counts });
    await rollup.add({
      day: '2026-11-20',
      requests: 600,
      errors5xx: 6,
      latencySumSeconds: 30,
      latency: latency(buckets({ 2: 300, 3: 200, 4: 50, 5: 50 })),
    });
    await rollup.add({
      day: '2026-11-20',
      requests: 400,
      errors5xx: 4,
      latencySumSeconds: 20,
      latency: latency(buckets({ 2: 200, 3: 100, 4: 50, 5: 50 })),
    });
    await rollup.add({
      day: '2026-11-19',
      requests: 500,
      errors5xx: 0,
      latencySumSeconds: 10,
      latency: latency(buckets({ 2: 250, 3: 200, 4: 50 })),
    });
  }

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-11-01T00:00:00Z'));
    t = await createTestApp({ label: 'reports', clock });
    admin = await t.keyFor('admin');
    db = t.app.get(DataSource);
    // Seeded in SQL, not through ingestion: the daily partitions of analytics_events must exist first.
    await t.app.get(EventPartitionsService).ensure(new Date('2026-11-01'), new Date('2026-11-30'));
    await seed();
    clock.set(new Date('2026-11-20T18:00:00Z'));
    jobReport = await t.app.get(DailyReportJob).run();
  });

  afterAll(async () => {
    await t.close();
  });

  it('the job builds the report of the day from the fixture data, equal to the expected document', async () => {
    const res = await get('/daily/2026-11-20').expect(200);
    expect(res.body).toMatchObject({
      kind: 'daily',
      periodStart: '2026-11-20',
      periodEnd: '2026-11-20',
      timeZone: 'UTC',
    });
    expect(res.body.builtAt).toBe('2026-11-20T18:00:00.000Z');
    if (process.env.UPDATE_REPORT_FIXTURES === '1')
      writeFileSync(FIXTURE, `${JSON.stringify(res.body.body, null, 2)}\n`);
    expect(res.body.body).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    expect(res.body.body).toEqual(jobReport.body);
  });

  it('the CLI path builds the same report and replaces it: one row per date', async () => {
    const cli = await buildReportFromCli(t.app.get(ReportBuilder), { date: '2026-11-20' });
    expect(cli.body).toEqual(jobReport.body);
    await buildReportFromCli(t.app.get(ReportBuilder), { date: '2026-11-20' });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM reports WHERE kind = 'daily' AND period_start = '2026-11-20'`,
    );
    expect(n).toBe(1);
  });

  it('only the job announces the report on Slack, once, through the outbox', async () => {
    const rows: Array<{ channel: string; source: string; dedupe_key: string; payload: { text: string } }> =
      await db.query(
        `SELECT channel, source, dedupe_key, payload FROM outbox_messages WHERE source = 'reports'`,
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'slack', dedupe_key: 'reports:daily:2026-11-20' });
    expect(rows[0].payload.text).toContain('Daily report 2026-11-20 (UTC)');
    expect(rows[0].payload.text).toContain('DAU: *4* (+100%)');
    expect(rows[0].payload.text).toContain('/console/reports?kind=daily&date=2026-11-20|Full report>');
  });

  it('renders Markdown, with one table per group and changes against both bases', async () => {
    const res = await get('/daily/2026-11-20.md').expect(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.text).toContain('# Daily report 2026-11-20 (UTC)');
    expect(res.text).toContain('| Figure | Value | vs previous day | vs same day last week |');
    expect(res.text).toContain('| DAU | 4 | +2 (+100%) | +3 (+300%) |');
    expect(res.text).toContain('| Stickiness (DAU/MAU) | 66.67% | +16.67 pp (+33.3%) | +16.67 pp (+33.3%) |');
    expect(res.text).toContain('| NPS (30 days) | 25 | +25 | +25 |');
    expect(res.text).toContain('| MTTR (mean) | 60 min | — | — |');
    expect(res.text).toContain('| P95 latency | 200 ms | +125 ms (+166.7%) | — |');
  });

  it('renders CSV with raw numbers, one row per figure', async () => {
    const res = await get('/daily/2026-11-20.csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'period_start,period_end,group,key,label,unit,value,previousDay_base,previousDay_change,previousDay_change_relative,' +
        'sameDayLastWeek_base,sameDayLastWeek_change,sameDayLastWeek_change_relative',
    );
    expect(lines).toContain('2026-11-20,2026-11-20,Users,users.dau,DAU,count,4,2,2,1,1,3,3');
    expect(lines).toContain('2026-11-20,2026-11-20,HTTP,http.errorRate5xx,5xx rate,ratio,0.01,0,0.01,,,,');
    expect(lines).toHaveLength(1 + jobReport.body.figures.length);
  });

  it('lists reports, 404s a date without one and 400s a bad date', async () => {
    const list = await get('/daily?from=2026-11-01&to=2026-11-30').expect(200);
    expect(list.body.items.map((item: { periodStart: string }) => item.periodStart)).toEqual([
      '2026-11-19',
      '2026-11-20',
    ]);
    const missing = await get('/daily/2026-11-01').expect(404);
    // The 404 says how to build the missing report.
    expect(missing.body.message).toContain('npx pulse report --date 2026-11-01');
    expect(missing.body.message).toContain('POST /api/v1/admin/jobs/daily-report/run');
    await get('/daily/2026-11-01.md').expect(404).expect('content-type', /json/);
    const bad = await get('/daily/2026-02-30').expect(400);
    expect(bad.body.message).toMatch(/date/);
    await get('/daily/yesterday.csv').expect(400);
    await get('/daily?from=2026-11-30&to=2026-11-01').expect(400);
  });

  it('the weekly report covers the week containing the date against the week before', async () => {
    const report = await t.app.get(WeeklyReportJob).run();
    expect(report).toMatchObject({ kind: 'weekly', periodStart: '2026-11-16', periodEnd: '2026-11-22' });
    const res = await get('/weekly/2026-11-18').expect(200);
    const figure = (key: string) => res.body.body.figures.find((f: { key: string }) => f.key === key);
    // Registrations u2 (11-19), u3 and u4 (11-20); none the week before.
    expect(figure('users.registrations')).toMatchObject({
      value: 3,
      changes: { previousWeek: { base: 0, absolute: 3, relative: null } },
    });
    // Average DAU over the days so far (Mon..Fri: 0, 0, 0, 2, 4) against the week before (1 on 11-13, 1 on 11-15).
    expect(figure('users.dau').value).toBe(1.2);
    expect(figure('http.requests')).toMatchObject({ value: 1500, changes: { previousWeek: { base: 0 } } });
    await get('/weekly/2026-11-18.md')
      .expect(200)
      .expect('content-type', /markdown/);
  });

  it('housekeeping deletes expired silences and delivered outbox rows older than 30 days', async () => {
    const insertSilence = (ends: string | null) =>
      db.query(
        `INSERT INTO alert_silences (matchers, starts_at, ends_at, created_by, created_at, updated_at)
         VALUES ('[]', '2026-11-01', $1, 'test', now(), now())`,
        [ends],
      );
    await insertSilence('2026-11-19T00:00:00Z');
    await insertSilence('2026-11-30T00:00:00Z');
    await insertSilence(null);
    const insertOutbox = (status: string, delivered: string | null) =>
      db.query(
        `INSERT INTO outbox_messages (channel, source, payload, status, delivered_at) VALUES ('slack', 'test', '{}', $1, $2)`,
        [status, delivered],
      );
    await insertOutbox('delivered', '2026-10-01T00:00:00Z');
    await insertOutbox('delivered', '2026-11-10T00:00:00Z');
    await insertOutbox('dead', null);
    const result = await t.app.get(HousekeepingJob).run();
    expect(result).toEqual({ expiredSilences: 1, deliveredOutboxMessages: 1 });
    const [{ n: silences }] = await db.query(`SELECT count(*)::int AS n FROM alert_silences`);
    expect(silences).toBe(2);
    const [{ n: old }] = await db.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE source = 'test'`,
    );
    expect(old).toBe(2);
  });

  it('every response of the API is counted in the day rollup, 5xx apart', async () => {
    clock.set(new Date('2026-11-25T12:00:00Z'));
    await t.http.get('/api/v1/health').expect(200);
    await t.http.get('/api/v1/no-such-route').expect(404);
    await t.app.get(HttpRollupBuffer).flush();
    const [row] = await db.query(
      `SELECT requests::int, errors_5xx::int AS errors, (SELECT sum(c)::int FROM unnest(latency_buckets) c) AS observed
         FROM http_daily_rollup WHERE day = '2026-11-25'`,
    );
    expect(row).toEqual({ requests: 2, errors: 0, observed: 2 });
  });
});
