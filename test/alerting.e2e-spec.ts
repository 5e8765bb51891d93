import { DataSource } from 'typeorm';
import { ManualClock } from '@app/clock';
import { OutboxDispatcher } from '@app/outbox';
import { fingerprintOf } from '@app/alerting';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { TestApp, createTestApp } from './utils/test-app';

const T0 = new Date('2026-11-24T12:00:00Z');
const MINUTE = 60_000;

function payload(status: 'firing' | 'resolved', labels: Record<string, string>, startsAt = T0) {
  return {
    version: '4',
    groupKey: '{}:{alertname="X"}',
    truncatedAlerts: 0,
    status,
    receiver: 'pulse',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: { summary: 'Checkout API is down' },
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status,
        labels,
        annotations: { summary: 'Checkout API is down', description: 'No scrape for 2 minutes' },
        startsAt: startsAt.toISOString(),
        endsAt:
          status === 'resolved'
            ? new Date(startsAt.getTime() + 10 * MINUTE).toISOString()
            : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'ignored',
      },
    ],
  };
}

describe('alerting (e2e)', () => {
  let stub: WebhookStub;
  let clock: ManualClock;
  let t: TestApp;
  let amKey: string;
  let adminKey: string;
  let env: Record<string, string>;

  const byPath = (path: string) => stub.requests.filter((r) => r.path === path);
  const deliver = () => t.app.get(OutboxDispatcher).dispatchOnce();
  const post = (body: unknown) =>
    t.http
      .post('/api/v1/alerts/alertmanager')
      .set('Authorization', `Bearer ${amKey}`)
      .send(body as object);

  beforeEach(async () => {
    stub = await new WebhookStub().start();
    clock = new ManualClock(T0);
    env = {
      SLACK_WEBHOOK_URL: stub.url('/slack'),
      PAGERDUTY_EVENTS_URL: stub.url('/pd'),
      PAGERDUTY_ROUTING_KEY: 'routing-key-1',
      ALERT_WEBHOOK_URL: stub.url('/webhook'),
      ALERT_ROUTES: 'P1:slack+webhook',
      OUTBOX_POLL_MS: '0',
    };
    t = await createTestApp({ label: 'alerting', clock, env });
    amKey = await t.keyFor('alertmanager');
    adminKey = await t.keyFor('admin');
  });

  afterEach(async () => {
    await t.close();
    await stub.close();
  });

  it('fires then resolves an Alertmanager alert: PagerDuty sees trigger then resolve with one dedup_key', async () => {
    const labels = { alertname: 'ServiceDown', severity: 'critical', instance: 'api-1', team: 'checkout' };
    await post(payload('firing', labels)).expect(200, { received: 1 });
    await deliver();
    const fingerprint = fingerprintOf(labels);
    const [trigger] = byPath('/pd');
    expect(trigger.body).toMatchObject({
      routing_key: 'routing-key-1',
      event_action: 'trigger',
      dedup_key: fingerprint,
      payload: { severity: 'critical', source: 'api-1' },
    });
    const [slack] = byPath('/slack');
    const attachment = (slack.body.attachments as Array<Record<string, unknown>>)[0];
    expect(attachment.color).toBe('#d00000');
    expect((attachment.fields as Array<{ title: string }>).map((f) => f.title)).toEqual(
      expect.arrayContaining(['Severity', 'Team', 'Time']),
    );
    expect(attachment.title).toBe('Checkout API is down');

    clock.advance(10 * MINUTE);
    await post(payload('resolved', labels)).expect(200);
    await post(payload('resolved', labels)).expect(200); // Alertmanager resends: announced once
    await deliver();
    expect(byPath('/pd').map((r) => [r.body.event_action, r.body.dedup_key])).toEqual([
      ['trigger', fingerprint],
      ['resolve', fingerprint],
    ]);
    const list = await t.http
      .get(`/api/v1/admin/alerts?fingerprint=${fingerprint}`)
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(200);
    expect(list.body.items[0]).toMatchObject({ status: 'resolved', priority: 'P0', name: 'ServiceDown' });
    // P0 opened an incident linked by fingerprint
    expect(list.body.items[0].incidentId).toMatch(/^INC-\d{4}-\d{3,}$/);
  });

  it('a P0 opens one incident per fingerprint while open; later occurrences, ack and resolve go to its timeline', async () => {
    const labels = { alertname: 'PaymentsDown', severity: 'critical', instance: 'pay-1' };
    await post(payload('firing', labels)).expect(200);
    clock.advance(10 * MINUTE);
    await post(payload('resolved', labels)).expect(200);
    clock.advance(10 * MINUTE);
    await post(payload('firing', labels, clock.now())).expect(200);
    const alerts = await t.http
      .get('/api/v1/admin/alerts?name=PaymentsDown')
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(200);
    const alert = alerts.body.items[0];
    expect(alert).toMatchObject({ status: 'firing', episode: 2 });
    await t.http
      .post(`/api/v1/admin/alerts/${alert.id}/ack`)
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(200);
    const incidents = await t.http
      .get('/api/v1/admin/incidents')
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(200);
    const items = (incidents.body.items ?? incidents.body) as Array<{ id: string }>;
    expect(items.map((i) => i.id)).toEqual([alert.incidentId]);
    const incident = await t.http
      .get(`/api/v1/admin/incidents/${alert.incidentId}`)
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(200);
    const messages = (incident.body.timeline as Array<{ message: string }>).map((e) => e.message).join('\n');
    expect(messages).toContain('Fired again');
    expect(messages).toContain('acknowledged by test-admin');
  });

  it('notifies 20 identical alerts within 5 minutes once, then reminds after the repeat interval', async () => {
    const labels = { alertname: 'HighLatency', severity: 'warning', instance: 'api-2' };
    for (let i = 0; i < 20; i++) {
      await post(payload('firing', labels)).expect(200);
      clock.advance(14_000);
    }
    await deliver();
    expect(byPath('/slack')).toHaveLength(1);
    expect(byPath('/webhook')).toHaveLength(1);
    expect(byPath('/webhook')[0].body).toMatchObject({ kind: 'firing', alert: { priority: 'P1' } });
    clock.advance(4 * 60 * MINUTE);
    await post(payload('firing', labels)).expect(200);
    await deliver();
    expect(byPath('/slack')).toHaveLength(2);
    expect(String(byPath('/slack')[1].body.text)).toContain('still firing');
  });

  it('acknowledges and resolves by hand, recording who and when, and tells PagerDuty', async () => {
    const raised = await t.http
      .post('/api/v1/admin/alerts')
      .set('Authorization', `Bearer ${adminKey}`)
      .send({ labels: { alertname: 'DbDown', severity: 'critical' }, annotations: { summary: 'DB down' } })
      .expect(201);
    expect(raised.body).toMatchObject({ status: 'firing', notified: 'firing' });
    clock.advance(2 * MINUTE);
    const acked = await t.http
      .post(`/api/v1/admin/alerts/${raised.body.id}/ack`)
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(200);
    expect(acked.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'test-admin',
      acknowledgedAt: new Date(T0.getTime() + 2 * MINUTE).toISOString(),
    });
    const resolved = await t.http
      .post(`/api/v1/admin/alerts/${raised.body.id}/resolve`)
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'test-admin' });
    await deliver();
    expect(byPath('/pd').map((r) => r.body.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
  });

  it('rejects invalid payloads with the field named, and non-alertmanager keys', async () => {
    const bad = await post({ ...payload('firing', { alertname: 'X' }), version: '3' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('version');
    const badLabels = payload('firing', { alertname: 'X' });
    (badLabels.alerts[0] as Record<string, unknown>).labels = { 'bad-name': 'x' };
    const res = await post(badLabels).expect(400);
    expect(JSON.stringify(res.body.message)).toContain('labels');
    await t.http
      .post('/api/v1/alerts/alertmanager')
      .set('Authorization', `Bearer ${await t.keyFor('ingest')}`)
      .send(payload('firing', { alertname: 'X' }))
      .expect(403);
  });

  it('two instances on the same data never send the same notification twice', async () => {
    const second = await createTestApp({ isolation: t.isolation, clock, env });
    try {
      const labels = { alertname: 'DiskFull', severity: 'warning', instance: 'db-9' };
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? t.http : second.http)
            .post('/api/v1/alerts/alertmanager')
            .set('Authorization', `Bearer ${amKey}`)
            .send(payload('firing', labels)),
        ),
      );
      await Promise.all([deliver(), second.app.get(OutboxDispatcher).dispatchOnce()]);
      expect(byPath('/slack')).toHaveLength(1);
      const [{ count }] = await t.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS count FROM alerts WHERE name = 'DiskFull'`);
      expect(count).toBe(1);
    } finally {
      await second.close();
    }
  });
});
