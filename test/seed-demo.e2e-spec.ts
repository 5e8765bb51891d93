import { OutboxDispatcher } from '@app/outbox';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { SeedDemoResult, seedDemo } from '../apps/cli/src/commands/seed-demo.command';
import { DemoPlan } from '../apps/cli/src/commands/seed-demo/demo-plan';
import { FEEDBACK_TEXTS } from '../apps/cli/src/commands/seed-demo/demo-texts';
import { TestApp, createTestApp } from './utils/test-app';

const DAYS = 14;
const CJK = /[\u4e00-\u9fff]/;

interface FeedbackItem {
  type: string;
  message: string;
  sentiment: { label: string };
  createdAt: string;
}

describe('seed-demo (e2e)', () => {
  let stub: WebhookStub;
  let t: TestApp;
  let admin: string;
  let seeded: SeedDemoResult;
  const get = (path: string) =>
    t.http.get(`/api/v1/admin${path}`).set('Authorization', `Bearer ${admin}`).expect(200);

  beforeAll(async () => {
    stub = await new WebhookStub().start();
    t = await createTestApp({
      label: 'seeddemo',
      env: { SLACK_WEBHOOK_URL: stub.url('/slack'), OUTBOX_POLL_MS: '0', CACHE_TIMEOUT_MS: '5000' },
    });
    admin = await t.keyFor('admin');
    // The same configuration as the app (schema, key prefix, Slack URL): what `pulse seed-demo` would get.
    seeded = await seedDemo(t.config, { users: 400, days: DAYS, notify: false });
  }, 180_000); // 20–50 s on the shared 2-core machine under load

  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  it('spreads NPS answers over the days, with the dip visible in the daily trend', async () => {
    const { body } = await get(`/reports/nps?interval=day&from=${daysAgo(DAYS - 1)}`);
    const days = body.intervals as Array<{
      start: string;
      responses: number;
      promoters: number;
      detractors: number;
    }>;
    const answered = days.filter((d) => d.responses > 0);
    expect(answered.length).toBeGreaterThanOrEqual(DAYS - 3);
    expect(body.overall.responses).toBe(seeded.npsAnswers);
    // The three days of the checkout outage score well below the other days.
    const plan = new DemoPlan({ now: new Date(), days: DAYS });
    const nps = (list: typeof days) => {
      const sum = list.reduce(
        (a, d) => ({ r: a.r + d.responses, p: a.p + d.promoters, x: a.x + d.detractors }),
        {
          r: 0,
          p: 0,
          x: 0,
        },
      );
      return (100 * (sum.p - sum.x)) / sum.r;
    };
    const isDip = (d: { start: string }) =>
      plan.isDip(Math.round((Date.parse(d.start) - plan.start) / 86_400_000));
    expect(nps(days.filter(isDip))).toBeLessThan(nps(days.filter((d) => !isDip(d))) - 20);
  });

  it('stores feedback whose text fits its type, in English and Chinese, over many days', async () => {
    const all: FeedbackItem[] = [];
    for (const type of ['bug', 'feature', 'improvement', 'other'] as const) {
      const { body } = await get(`/feedback?type=${type}&limit=100`);
      const items = body.items as FeedbackItem[];
      expect(items.length).toBeGreaterThan(0);
      const texts = [...FEEDBACK_TEXTS[type].en, ...FEEDBACK_TEXTS[type].zh];
      for (const item of items) expect(texts).toContain(item.message);
      all.push(...items);
    }
    expect(all).toHaveLength(seeded.feedback);
    const bugs = all.filter((f) => f.type === 'bug');
    expect(bugs.filter((f) => f.sentiment.label === 'negative').length / bugs.length).toBeGreaterThan(0.8);
    expect(all.filter((f) => f.type === 'other' && f.sentiment.label === 'negative')).toHaveLength(0);
    expect(all.some((f) => CJK.test(f.message))).toBe(true);
    expect(all.some((f) => !CJK.test(f.message))).toBe(true);
    expect(new Set(all.map((f) => f.createdAt.slice(0, 10))).size).toBeGreaterThanOrEqual(7);
  });

  it('walks the funnel with falling step counts and time between steps', async () => {
    const { body } = await get(`/reports/funnel?from=${daysAgo(DAYS - 1)}`);
    const steps = body.steps as Array<{ users: number; medianSecondsFromPrevious: number | null }>;
    expect(steps.map((s) => s.users)).toEqual([...steps.map((s) => s.users)].sort((a, b) => b - a));
    expect(steps[steps.length - 1].users).toBeGreaterThan(0);
    expect(steps[0].users).toBeGreaterThan(steps[steps.length - 1].users * 3);
    for (const step of steps.slice(1)) expect(step.medianSecondsFromPrevious).toBeGreaterThan(10);
  });

  it('adds experiments with exposures, alerts with an incident, activation and daily reports', async () => {
    const experiments = (await get('/experiments')).body as Array<{ key: string; status: string }>;
    expect(experiments.map((e) => `${e.key}:${e.status}`).sort()).toEqual([
      'demo-checkout-cta:running',
      'demo-onboarding-tour:running',
      'demo-pricing-page:draft',
    ]);
    const results = (await get('/experiments/demo-checkout-cta/results')).body;
    expect(JSON.stringify(results)).toContain('one-click');
    const alerts = (await get('/alerts?limit=100')).body.items as Array<{ name: string; status: string }>;
    expect(alerts.map((a) => `${a.name}:${a.status}`)).toEqual(
      expect.arrayContaining([
        'CheckoutErrorRateHigh:resolved',
        'DiskSpaceLow:acknowledged',
        'QueueBacklogGrowing:firing',
      ]),
    );
    const incidents = (await get('/incidents')).body.items as Array<{ title: string; severity: string }>;
    expect(incidents).toEqual([
      expect.objectContaining({ severity: 'SEV-1', title: 'Checkout error rate above 5%' }),
    ]);
    const activation = (await get(`/reports/activation?from=${daysAgo(DAYS - 1)}`)).body;
    expect(activation.rate).toBeGreaterThan(0.3);
    expect(activation.rate).toBeLessThan(0.9);
    expect((await get('/reports/daily')).body.items).toHaveLength(DAYS - 1);
  });

  it('sends nothing to Slack without --notify, even once the API delivers its outbox', async () => {
    await t.app.get(OutboxDispatcher).dispatchOnce();
    expect(stub.requests).toHaveLength(0);
    // The stub is wired: a real submission through the API is announced.
    const ingest = await t.keyFor('ingest');
    await t.http
      .post('/api/v1/feedback')
      .set('Authorization', `Bearer ${ingest}`)
      .send({ type: 'bug', message: 'Real feedback after the demo seed' })
      .expect(201);
    await t.app.get(OutboxDispatcher).dispatchOnce();
    await stub.waitFor(1);
    expect(stub.requests).toHaveLength(1);
  });

  it('writes nothing when run a second time', async () => {
    const feedbackCount = async () => {
      let count = 0;
      for (const type of ['bug', 'feature', 'improvement', 'other'])
        count += (await get(`/feedback?type=${type}&limit=100`)).body.items.length;
      return count;
    };
    const before = await feedbackCount();
    const again = await seedDemo(t.config, { users: 400, days: DAYS, notify: false });
    expect(again.alreadySeeded).toBe(true);
    expect(await feedbackCount()).toBe(before);
    expect((await get(`/reports/nps?from=${daysAgo(DAYS - 1)}`)).body.overall.responses).toBe(
      seeded.npsAnswers,
    );
  }, 60_000);

  it('announces to Slack with --notify', async () => {
    const other = await createTestApp({
      label: 'seeddemonotify',
      env: { SLACK_WEBHOOK_URL: stub.url('/notify'), OUTBOX_POLL_MS: '0' },
    });
    try {
      await seedDemo(other.config, { users: 60, days: 3, notify: true });
      const notified = () => stub.requests.filter((r) => r.path === '/notify');
      // At least the P1 alert open now (Slack route) is announced before the command returns.
      expect(notified().length).toBeGreaterThan(0);
      expect(JSON.stringify(notified().map((r) => r.body))).toContain('DiskSpaceLow');
    } finally {
      await other.close();
    }
  }, 120_000);
});

function daysAgo(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days)).toISOString();
}
