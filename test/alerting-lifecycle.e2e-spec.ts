import { ManualClock } from '@app/clock';
import { OutboxDispatcher } from '@app/outbox';
import { AlertDigestJob, AlertEscalationJob } from '@app/alerting';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { TestApp, createTestApp } from './utils/test-app';

const T0 = new Date('2026-11-24T12:00:00Z');
const MINUTE = 60_000;

describe('alerting lifecycle (e2e)', () => {
  let stub: WebhookStub;
  let clock: ManualClock;
  let t: TestApp;
  let admin: string;

  const byPath = (path: string) => stub.requests.filter((r) => r.path === path);
  const deliver = () => t.app.get(OutboxDispatcher).dispatchOnce();
  const raise = async (labels: Record<string, string>, status: 'firing' | 'resolved' = 'firing') =>
    (
      await t.http
        .post('/api/v1/admin/alerts')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          labels,
          annotations: { summary: `${labels.alertname} on ${labels.instance ?? '-'}` },
          status,
        })
        .expect(201)
    ).body as { id: string; notified: string | null; suppressedBy: string | null };
  const silence = async (body: Record<string, unknown>) =>
    (
      await t.http
        .post('/api/v1/admin/silences')
        .set('Authorization', `Bearer ${admin}`)
        .send(body)
        .expect(201)
    ).body as { id: string; state: string };

  beforeEach(async () => {
    stub = await new WebhookStub().start();
    clock = new ManualClock(T0);
    t = await createTestApp({
      label: 'alertlife',
      clock,
      env: {
        SLACK_WEBHOOK_URL: stub.url('/slack'),
        PAGERDUTY_EVENTS_URL: stub.url('/pd'),
        PAGERDUTY_ROUTING_KEY: 'default-key',
        ALERT_ESCALATION_L1_TARGETS: `slack:${stub.url('/l1')}`,
        ALERT_ESCALATION_L2_TARGETS: `slack:${stub.url('/l2')},pagerduty:l2-key`,
        ALERT_ESCALATION_L3_TARGETS: `webhook:${stub.url('/l3')}`,
        ALERT_FLAP_THRESHOLD: '3',
        OUTBOX_POLL_MS: '0',
      },
    });
    admin = await t.keyFor('admin');
  });

  afterEach(async () => {
    await t.close();
    await stub.close();
  });

  it('a silence suppresses matching alerts (all matchers) and its expiry restores notifications', async () => {
    const created = await silence({
      matchers: [
        { name: 'alertname', op: '=', value: 'HighLatency' },
        { name: 'instance', op: '=~', value: 'api-.*' },
      ],
      endsAt: new Date(T0.getTime() + 30 * MINUTE).toISOString(),
      comment: 'deploy',
    });
    expect(created.state).toBe('active');
    const muted = await raise({ alertname: 'HighLatency', severity: 'warning', instance: 'api-1' });
    expect(muted).toMatchObject({ notified: null, suppressedBy: `silence:${created.id}` });
    // second matcher does not match: not silenced
    expect((await raise({ alertname: 'HighLatency', severity: 'warning', instance: 'db-1' })).notified).toBe(
      'firing',
    );
    await deliver();
    expect(byPath('/slack')).toHaveLength(1);

    clock.advance(31 * MINUTE);
    // no new occurrence needed: the minute job announces what the silence held back
    expect(await t.app.get(AlertEscalationJob).run()).toMatchObject({ announced: 1 });
    expect(await t.app.get(AlertEscalationJob).run()).toMatchObject({ announced: 0 });
    const again = await raise({ alertname: 'HighLatency', severity: 'warning', instance: 'api-1' });
    expect(again).toMatchObject({ notified: null, suppressedBy: null });
    await deliver();
    expect(byPath('/slack')).toHaveLength(2);
    const list = await t.http
      .get('/api/v1/admin/silences?state=expired')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(list.body).toMatchObject({ total: 1 });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([created.id]);
    const page = await t.http
      .get('/api/v1/admin/silences?limit=1&offset=1')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(page.body.items).toEqual([]);
    expect(page.body.total).toBeGreaterThanOrEqual(1);
    await t.http.get('/api/v1/admin/silences?limit=0').set('Authorization', `Bearer ${admin}`).expect(400);
  });

  it('a recurring silence applies only inside its weekly window; expireOnResolve ends a silence', async () => {
    // T0 is a Tuesday 13:00 in Paris
    await silence({
      matchers: [{ name: 'alertname', op: '=', value: 'Backup' }],
      recurrence: { weekdays: [2], start: '12:30', end: '13:30', timeZone: 'Europe/Paris' },
    });
    expect((await raise({ alertname: 'Backup', severity: 'warning' })).notified).toBeNull();
    clock.advance(45 * MINUTE); // 13:45 Paris: outside the window
    expect((await raise({ alertname: 'Backup', severity: 'warning' })).notified).toBe('firing');

    const once = await silence({
      matchers: [{ name: 'alertname', op: '=', value: 'Migration' }],
      endsAt: new Date(T0.getTime() + 24 * 60 * MINUTE).toISOString(),
      expireOnResolve: true,
    });
    await raise({ alertname: 'Migration', severity: 'warning' });
    await raise({ alertname: 'Migration', severity: 'warning' }, 'resolved');
    const after = await t.http
      .get(`/api/v1/admin/silences/${once.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(after.body.state).toBe('expired');
  });

  it('rejects a silence without a field it needs, naming it', async () => {
    const res = await t.http
      .post('/api/v1/admin/silences')
      .set('Authorization', `Bearer ${admin}`)
      .send({ matchers: [{ name: 'alertname', op: '=', value: 'X' }] })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('endsAt');
    await t.http
      .post('/api/v1/admin/silences')
      .set('Authorization', `Bearer ${admin}`)
      .send({ matchers: [{ name: 'alertname', op: '~', value: 'X' }], endsAt: T0.toISOString() })
      .expect(400);
  });

  it('inhibition: ServiceDown mutes other alerts of the same instance only, while it fires', async () => {
    await raise({ alertname: 'ServiceDown', severity: 'warning', instance: 'api-1' });
    const same = await raise({ alertname: 'HighLatency', severity: 'warning', instance: 'api-1' });
    expect(same.suppressedBy).toMatch(/^inhibited-by:[0-9a-f]{16}$/);
    const other = await raise({ alertname: 'HighLatency', severity: 'warning', instance: 'api-2' });
    expect(other.notified).toBe('firing');
    // source resolves: the target is announced on its next occurrence
    await raise({ alertname: 'ServiceDown', severity: 'warning', instance: 'api-1' }, 'resolved');
    clock.advance(MINUTE);
    expect((await raise({ alertname: 'HighLatency', severity: 'warning', instance: 'api-1' })).notified).toBe(
      'firing',
    );
  });

  it('escalates an unacknowledged P0 to L1 at 5 and L2 at 15 minutes, and stops on ack', async () => {
    const escalation = t.app.get(AlertEscalationJob);
    const alert = await raise({ alertname: 'CheckoutDown', severity: 'critical', instance: 'api-1' });
    clock.advance(4 * MINUTE);
    expect(await escalation.run()).toMatchObject({ escalated: 0 });
    clock.advance(MINUTE);
    expect(await escalation.run()).toMatchObject({ escalated: 1 });
    expect(await escalation.run()).toMatchObject({ escalated: 0 }); // same level once
    clock.advance(10 * MINUTE);
    expect(await escalation.run()).toMatchObject({ escalated: 1 });
    await deliver();
    expect(byPath('/l1')).toHaveLength(1);
    expect(byPath('/l2')).toHaveLength(1);
    expect(String(byPath('/l2')[0].body.text)).toContain('escalated to L2');
    expect(byPath('/pd').map((r) => r.body.routing_key)).toEqual(['default-key', 'l2-key']);

    await t.http
      .post(`/api/v1/admin/alerts/${alert.id}/ack`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    clock.advance(30 * MINUTE);
    expect(await escalation.run()).toMatchObject({ escalated: 0 });
    await deliver();
    expect(byPath('/l3')).toHaveLength(0);
    const view = await t.http
      .get(`/api/v1/admin/alerts/${alert.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(view.body).toMatchObject({ status: 'acknowledged', escalationLevel: 2 });
  });

  it('marks a flapping alert and notifies it once as such', async () => {
    const labels = { alertname: 'Flappy', severity: 'warning', instance: 'x' };
    const outcomes: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push((await raise(labels)).notified);
      clock.advance(6 * MINUTE);
      outcomes.push((await raise(labels, 'resolved')).notified);
      clock.advance(6 * MINUTE);
    }
    expect(outcomes.filter((o) => o === 'flapping')).toHaveLength(1);
    expect(outcomes.slice(0, 2)).toEqual(['firing', 'resolved']);
    expect(outcomes.slice(4)).toEqual(expect.not.arrayContaining(['firing', 'resolved']));
    const list = await t.http
      .get('/api/v1/admin/alerts?name=Flappy')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(list.body.items[0].flapping).toBe(true);
    // it stays resolved: once the window holds few enough changes, the muted resolve is announced once
    clock.advance(61 * MINUTE);
    expect(await t.app.get(AlertEscalationJob).run()).toMatchObject({ announced: 1 });
    expect(await t.app.get(AlertEscalationJob).run()).toMatchObject({ announced: 0 });
    await deliver();
    expect(String(byPath('/slack').at(-1)?.body.text)).toContain('Flappy resolved');
  });

  it('sends P2 alerts as one Slack digest per run', async () => {
    await raise({ alertname: 'SlowReport', priority: 'P2' });
    await raise({ alertname: 'SlowExport', priority: 'P2' });
    await deliver();
    expect(byPath('/slack')).toHaveLength(0);
    expect(await t.app.get(AlertDigestJob).run()).toEqual({ entries: 2 });
    expect(await t.app.get(AlertDigestJob).run()).toEqual({ entries: 0 });
    await deliver();
    expect(byPath('/slack')).toHaveLength(1);
    const text = JSON.stringify(byPath('/slack')[0].body);
    expect(text).toContain('SlowReport');
    expect(text).toContain('SlowExport');
  });

  it('reports alerts_firing by severity from the database', async () => {
    await raise({ alertname: 'A', severity: 'critical', instance: 'a' });
    await raise({ alertname: 'B', severity: 'warning', instance: 'b' });
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/alerts_firing\{severity="critical"\} 1/);
    expect(metrics.text).toMatch(/alerts_firing\{severity="high"\} 1/);
  });
});
