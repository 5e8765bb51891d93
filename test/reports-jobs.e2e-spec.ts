import { DataSource } from 'typeorm';
import { ManualClock } from '@app/clock';
import { HttpRollupBuffer } from '@app/reports';
import { TestApp, createTestApp } from './utils/test-app';

/** The report jobs as the jobs layer sees them: schedules in REPORT_TIMEZONE, runs through the admin API. */
describe('report jobs through the jobs layer (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    // 2026-11-20 17:00 UTC is 2026-11-21 01:00 in Shanghai: "today" is the 21st there.
    const clock = new ManualClock(new Date('2026-11-20T17:00:00Z'));
    t = await createTestApp({ label: 'reportsjobs', clock, env: { REPORT_TIMEZONE: 'Asia/Shanghai' } });
    admin = await t.keyFor('admin');
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists daily-report, weekly-report and housekeeping with their schedules and the report time zone', async () => {
    const res = await t.http.get('/api/v1/admin/jobs').set('Authorization', `Bearer ${admin}`).expect(200);
    const jobs = res.body.jobs as Array<{ name: string; schedule: string; timeZone: string }>;
    const byName = new Map(jobs.map((job) => [job.name, job]));
    expect(byName.get('daily-report')).toMatchObject({ schedule: '0 0 18 * * *', timeZone: 'Asia/Shanghai' });
    expect(byName.get('weekly-report')).toMatchObject({
      schedule: '0 0 17 * * 5',
      timeZone: 'Asia/Shanghai',
    });
    expect(byName.get('housekeeping')).toMatchObject({ schedule: '0 30 3 * * *' });
  });

  it('a manual run of daily-report stores today and yesterday in the report time zone and queues one Slack message', async () => {
    await t.http
      .post('/api/v1/admin/jobs/daily-report/run')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const list = await t.http
      .get('/api/v1/admin/reports/daily?from=2026-11-01&to=2026-11-30')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ periodStart: '2026-11-20', timeZone: 'Asia/Shanghai' }),
      expect.objectContaining({ periodStart: '2026-11-21', timeZone: 'Asia/Shanghai' }),
    ]);
    const report = await t.http
      .get('/api/v1/admin/reports/daily/2026-11-21')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(report.body.body.period).toEqual({
      start: '2026-11-21',
      end: '2026-11-21',
      from: '2026-11-20T16:00:00.000Z',
      to: '2026-11-21T16:00:00.000Z',
    });
    const rows: Array<{ dedupe_key: string }> = await t.app
      .get(DataSource)
      .query(`SELECT dedupe_key FROM outbox_messages WHERE source = 'reports'`);
    expect(rows).toEqual([{ dedupe_key: 'reports:daily:2026-11-21' }]);
  });

  it('two replicas add their HTTP counts into one day row; a closing replica flushes what it holds', async () => {
    const clock = new ManualClock(new Date('2026-11-24T03:00:00Z')); // 11:00 on 2026-11-24 in Shanghai
    const second = await createTestApp({
      isolation: t.isolation,
      clock,
      env: { REPORT_TIMEZONE: 'Asia/Shanghai' },
    });
    try {
      await t.app.get(HttpRollupBuffer).flush();
      const db = t.app.get(DataSource);
      await db.query(`DELETE FROM http_daily_rollup`);
      for (let i = 0; i < 3; i++) await second.http.get('/api/v1/health').expect(200);
      await second.http.get('/api/v1/admin/reports/daily/2026-01-01').expect(401);
      await second.app.get(HttpRollupBuffer).flush();
      // The first replica's clock says 2026-11-21 there: another day row.
      await t.http.get('/api/v1/health').expect(200);
      await t.app.get(HttpRollupBuffer).flush();
      await second.http.get('/api/v1/health').expect(200);
      await second.close(); // flushes on shutdown
      const rows: Array<{ day: string; requests: number }> = await db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, requests::int FROM http_daily_rollup ORDER BY day`,
      );
      expect(rows).toEqual([
        { day: '2026-11-21', requests: 1 },
        { day: '2026-11-24', requests: 5 },
      ]);
    } finally {
      await second.close().catch(() => undefined);
    }
  });
});
