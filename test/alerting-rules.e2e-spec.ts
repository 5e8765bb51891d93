import { DataSource } from 'typeorm';
import { ManualClock } from '@app/clock';
import { BusinessRulesJob, RuleVerdict } from '@app/alerting';
import { EventPartitionsService } from '@app/activity';
import { TestApp, createTestApp } from './utils/test-app';

// A Tuesday, 12:30 UTC
const T0 = new Date('2026-11-24T12:30:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (msBefore: number) => new Date(T0.getTime() - msBefore);

describe('business rules (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;

  const events = (event: string, count: number, when: Date, prefix = event) =>
    db.query(
      `INSERT INTO analytics_events (user_id, event, occurred_at)
       SELECT $1 || g, $2, $3 FROM generate_series(1, $4::int) g`,
      [`${prefix}-${when.getTime()}-`, event, when, count],
    );
  const feedback = (label: string, count: number, when: Date) =>
    db.query(
      `INSERT INTO feedback (type, message, sentiment_score, sentiment_label, created_at)
       SELECT 'other', 'msg', 0, $1, $2 FROM generate_series(1, $3::int)`,
      [label, when, count],
    );
  const nps = (score: number, count: number, when: Date) =>
    db.query(
      `INSERT INTO nps_responses (user_id, survey_id, score, created_at, updated_at)
       SELECT $1 || g, 'default', $2, $3, $3 FROM generate_series(1, $4::int) g`,
      [`u-${score}-${when.getTime()}-`, score, when, count],
    );
  const run = () => t.app.get(BusinessRulesJob).run();
  const states = (verdicts: RuleVerdict[]) =>
    Object.fromEntries(
      verdicts.map((v) => [v.labels.alertname + (v.labels.step ? `:${v.labels.step}` : ''), v.state]),
    );
  const openAlerts = async () =>
    (
      await t.http
        .get('/api/v1/admin/alerts?status=firing')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200)
    ).body.items.map((a: { name: string; priority: string }) => `${a.name}/${a.priority}`);

  /** Baselines with enough data everywhere. `current` scales the recent windows (1 = as usual). */
  async function dataSet(scale: {
    activated: number;
    click: number;
    negative: number;
    promoters: number;
    dau: number;
  }) {
    // activation: 40 registrations per hour, 20 activated a week ago
    await events('user_registered', 40, at(7 * DAY + 30 * MINUTE));
    await events('user_activated', 20, at(7 * DAY + 30 * MINUTE));
    await events('user_registered', 40, at(30 * MINUTE));
    await events('user_activated', scale.activated, at(30 * MINUTE));
    // funnel: yesterday 200 → 100 clicked; today 200 → `click`
    await events('view_landing', 200, at(30 * HOUR));
    await events('click_signup', 100, at(30 * HOUR));
    await events('view_landing', 200, at(2 * HOUR));
    await events('click_signup', scale.click, at(2 * HOUR));
    // feedback: 20% negative over the previous 7 days; `negative` of 50 in the last day
    await feedback('negative', 40, at(3 * DAY));
    await feedback('positive', 160, at(3 * DAY));
    await feedback('negative', scale.negative, at(2 * HOUR));
    await feedback('positive', 50 - scale.negative, at(2 * HOUR));
    // NPS: previous 30 days 60/30/10 (NPS 50); last 30 days `promoters` promoters of 100, 10 detractors
    await nps(10, 60, at(40 * DAY));
    await nps(7, 30, at(40 * DAY));
    await nps(2, 10, at(40 * DAY));
    await nps(10, scale.promoters, at(5 * DAY));
    await nps(7, 90 - scale.promoters, at(5 * DAY));
    await nps(2, 10, at(5 * DAY));
    // DAU: 2000 page viewers last Tuesday morning; 20 × `dau` this morning (the other rules' users add up to ~300)
    await events('page_view', 2000, at(7 * DAY + 3 * HOUR), 'dau');
    await events('page_view', 20 * scale.dau, at(3 * HOUR), 'dau');
  }

  beforeEach(async () => {
    t = await createTestApp({
      label: 'alertrules',
      clock: new ManualClock(T0),
      env: { OUTBOX_POLL_MS: '0' },
    });
    db = t.app.get(DataSource);
    admin = await t.keyFor('admin');
    // Seeded in SQL, not through ingestion: the daily partitions of analytics_events must exist first.
    await t.app.get(EventPartitionsService).ensure(at(30 * DAY), T0);
  });

  afterEach(async () => {
    await t.close();
  });

  it('stays quiet on a normal data set', async () => {
    await dataSet({ activated: 19, click: 95, negative: 11, promoters: 58, dau: 95 });
    const verdicts = await run();
    expect(verdicts.filter((v) => v.state === 'firing')).toEqual([]);
    expect(states(verdicts)).toMatchObject({
      ActivationRateDrop: 'ok',
      'FunnelConversionDrop:click_signup': 'ok',
      NegativeFeedbackRise: 'ok',
      NpsDrop: 'ok',
      DauDrop: 'ok',
    });
    expect(await openAlerts()).toEqual([]);
  });

  it('fires each rule on a crafted data set with its priority, and resolves when the data recovers', async () => {
    await dataSet({ activated: 4, click: 40, negative: 25, promoters: 30, dau: 30 });
    const verdicts = await run();
    expect(states(verdicts)).toMatchObject({
      ActivationRateDrop: 'firing',
      'FunnelConversionDrop:click_signup': 'firing',
      NegativeFeedbackRise: 'firing',
      NpsDrop: 'firing',
      DauDrop: 'firing',
    });
    expect((await openAlerts()).sort()).toEqual(
      [
        'ActivationRateDrop/P0',
        'DauDrop/P1',
        'FunnelConversionDrop/P2',
        'NegativeFeedbackRise/P2',
        'NpsDrop/P2',
      ].sort(),
    );
    // the DAU recovers: its alert resolves, the others keep firing
    await events('page_view', 1400, at(HOUR), 'dau-late');
    const again = await run();
    expect(states(again).DauDrop).toBe('ok');
    expect(await openAlerts()).not.toContain('DauDrop/P1');
    expect(await openAlerts()).toContain('ActivationRateDrop/P0');
  });

  it('registers its jobs with the scheduler (every minute, digest hourly) and runs them on demand', async () => {
    const list = await t.http.get('/api/v1/admin/jobs').set('Authorization', `Bearer ${admin}`).expect(200);
    const jobs = Object.fromEntries(
      (list.body.jobs as Array<{ name: string; schedule: string }>).map((job) => [job.name, job.schedule]),
    );
    expect(jobs).toMatchObject({
      'business-rules': '0 * * * * *',
      'alert-escalation': '30 * * * * *',
      'alert-digest': '0 0 * * * *',
    });
    await dataSet({ activated: 4, click: 95, negative: 11, promoters: 58, dau: 95 });
    await t.http
      .post('/api/v1/admin/jobs/business-rules/run')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(await openAlerts()).toEqual(['ActivationRateDrop/P0']);
  });

  it('never fires on a tiny sample', async () => {
    await events('user_registered', 5, at(7 * DAY + 30 * MINUTE));
    await events('user_activated', 5, at(7 * DAY + 30 * MINUTE));
    await events('user_registered', 5, at(30 * MINUTE));
    await events('view_landing', 10, at(30 * HOUR));
    await events('click_signup', 10, at(30 * HOUR));
    await events('view_landing', 10, at(2 * HOUR));
    await feedback('positive', 5, at(3 * DAY));
    await feedback('negative', 5, at(2 * HOUR));
    await nps(10, 5, at(40 * DAY));
    await nps(0, 5, at(5 * DAY));
    const verdicts = await run();
    expect(verdicts.filter((v) => v.state === 'firing')).toEqual([]);
    expect(await openAlerts()).toEqual([]);
  });
});
