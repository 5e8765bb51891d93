import { AddressInfo } from 'node:net';
import { ManualClock } from '@app/clock';
import { OutboxDispatcher } from '@app/outbox';
import { AlertEscalationJob } from '@app/alerting';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { AlertmanagerProcess, freePort } from './utils/alertmanager-process';
import { TestApp, createTestApp } from './utils/test-app';

const MINUTE = 60_000;
const LABELS = { alertname: 'HighErrorRate', job: 'pulse', severity: 'critical', priority: 'P0' };

interface AlertView {
  id: string;
  status: string;
  suppressedBy: string | null;
  resolvedBy: string | null;
  escalationLevel: number;
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Pulse against a real Alertmanager (Debian's prometheus-alertmanager): Alertmanager delivers to Pulse's
 * webhook; this test plays Prometheus (POST /api/v2/alerts) and the operator (a silence, as amtool adds).
 */
describe('alerting with a real Alertmanager (e2e)', () => {
  let stub: WebhookStub;
  let clock: ManualClock;
  let t: TestApp;
  let am: AlertmanagerProcess;
  let admin: string;

  const alert = async (): Promise<AlertView> => {
    const { body } = await t.http
      .get('/api/v1/admin/alerts?name=HighErrorRate')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    return (body as { items: AlertView[] }).items[0];
  };
  const byPath = (path: string) => stub.requests.filter((r) => r.path === path);
  const deliver = () => t.app.get(OutboxDispatcher).dispatchOnce();
  const escalate = () => t.app.get(AlertEscalationJob).run();

  /** Pulse listening on a loopback port, Alertmanager on another, delivering to Pulse with a key. */
  async function start(route: { groupInterval: string }, env: Record<string, string> = {}): Promise<void> {
    stub = await new WebhookStub().start();
    clock = new ManualClock(new Date());
    const amPort = await freePort();
    t = await createTestApp({
      label: 'alertam',
      clock,
      env: {
        SLACK_WEBHOOK_URL: stub.url('/slack'),
        PAGERDUTY_EVENTS_URL: stub.url('/pd'),
        PAGERDUTY_ROUTING_KEY: 'default-key',
        ALERT_ESCALATION_L1_TARGETS: `slack:${stub.url('/l1')}`,
        ALERT_ESCALATION_L2_TARGETS: `slack:${stub.url('/l2')}`,
        OUTBOX_POLL_MS: '0',
        ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`,
        ...env,
      },
    });
    admin = await t.keyFor('admin');
    await t.app.listen(0, '127.0.0.1');
    const pulsePort = (t.app.getHttpServer().address() as AddressInfo).port;
    am = new AlertmanagerProcess();
    const keyFile = am.file('alertmanager_api_key', await t.keyFor('alertmanager'));
    await am.start(
      `route:
  receiver: pulse
  group_by: [alertname, job, instance]
  group_wait: 0s
  group_interval: ${route.groupInterval}
  repeat_interval: 4h
receivers:
  - name: pulse
    webhook_configs:
      - url: http://127.0.0.1:${pulsePort}/api/v1/alerts/alertmanager
        send_resolved: true
        http_config: { authorization: { type: Bearer, credentials_file: ${keyFile} } }
`,
      amPort,
    );
  }

  /** Prometheus fires the alert; Alertmanager delivers it; Pulse pages once. */
  async function fire(): Promise<AlertView> {
    await am.postAlerts([
      {
        labels: LABELS,
        annotations: { summary: '5xx above 5%' },
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    ]);
    const firing = await until(
      async () => (await alert())?.status === 'firing' || undefined,
      'firing in Pulse',
    );
    expect(firing).toBe(true);
    await deliver();
    expect(byPath('/pd').map((r) => r.body.event_action)).toEqual(['trigger']);
    return alert();
  }

  const resolveInAlertmanager = () =>
    am.postAlerts([{ labels: LABELS, endsAt: new Date(Date.now() - 1000).toISOString() }]);

  afterEach(async () => {
    await am?.stop();
    await t?.close();
    await stub?.close();
  });

  it('silenced in Alertmanager, then resolved: Pulse ends the alert and never escalates it', async () => {
    await start({ groupInterval: '1s' }, { ALERTMANAGER_REPEAT_INTERVAL_SECONDS: '60' });
    await fire();
    const silenceId = await am.silence({ alertname: 'HighErrorRate' }, 'maintenance');

    // Still firing under the silence: at L1 time Pulse asks Alertmanager, learns of the silence, holds.
    clock.advance(6 * MINUTE);
    expect(await escalate()).toMatchObject({ escalated: 0 });
    expect(await alert()).toMatchObject({
      status: 'firing',
      suppressedBy: `alertmanager-silence:${silenceId}`,
    });

    // Prometheus resolves; Alertmanager mutes that resolve, so Pulse never hears it on the webhook.
    await resolveInAlertmanager();
    await new Promise((resolve) => setTimeout(resolve, 2500)); // > 2 group intervals
    expect((await alert()).status).toBe('firing');

    // Not re-sent within repeat_interval (+2 min): Pulse asks again, the alert is gone → resolved.
    clock.advance(4 * MINUTE);
    expect(await escalate()).toMatchObject({ escalated: 0, reconciled: 1 });
    expect(await alert()).toMatchObject({
      status: 'resolved',
      resolvedBy: 'alertmanager-api',
      escalationLevel: 0,
    });
    clock.advance(30 * MINUTE);
    expect(await escalate()).toMatchObject({ escalated: 0 });
    await deliver();
    expect(byPath('/l1')).toHaveLength(0);
    expect(byPath('/l2')).toHaveLength(0);
    expect(byPath('/pd').map((r) => r.body.event_action)).toEqual(['trigger', 'resolve']);
  }, 60_000);

  it('resolved in Alertmanager but not yet told (group_interval): no escalation at L1 time', async () => {
    await start({ groupInterval: '10m' });
    await fire();
    await resolveInAlertmanager(); // Alertmanager would tell Pulse at its next flush, 10 minutes later
    await until(
      async () =>
        ((await (await fetch(`${am.url}/api/v2/alerts`)).json()) as unknown[]).length === 0 || undefined,
      'the resolve in Alertmanager',
    );
    expect((await alert()).status).toBe('firing');
    clock.advance(6 * MINUTE);
    expect(await escalate()).toMatchObject({ escalated: 0 });
    expect(await alert()).toMatchObject({ status: 'resolved', resolvedBy: 'alertmanager-api' });
    await deliver();
    expect(byPath('/l1')).toHaveLength(0);
  }, 60_000);

  it('still firing in Alertmanager: Pulse escalates at L1 time as before', async () => {
    await start({ groupInterval: '10m' });
    await fire();
    clock.advance(6 * MINUTE);
    expect(await escalate()).toMatchObject({ escalated: 1 });
    await deliver();
    expect(byPath('/l1')).toHaveLength(1);
  }, 60_000);

  it('Alertmanager unreachable: Pulse escalates rather than stay quiet, and expires nothing', async () => {
    await start({ groupInterval: '10m' }, { ALERTMANAGER_REPEAT_INTERVAL_SECONDS: '60' });
    await fire();
    await am.stop();
    clock.advance(6 * MINUTE);
    expect(await escalate()).toMatchObject({ escalated: 1, reconciled: 0 });
    expect((await alert()).status).toBe('firing');
  }, 60_000);
});

describe('alerting without ALERTMANAGER_URL (e2e)', () => {
  it('an Alertmanager alert not re-sent within repeat_interval expires', async () => {
    const clock = new ManualClock(new Date('2026-11-24T12:00:00Z'));
    const t = await createTestApp({
      label: 'alertexp',
      clock,
      env: { ALERTMANAGER_REPEAT_INTERVAL_SECONDS: '3600', OUTBOX_POLL_MS: '0' },
    });
    try {
      const key = await t.keyFor('alertmanager');
      const admin = await t.keyFor('admin');
      await t.http
        .post('/api/v1/alerts/alertmanager')
        .set('Authorization', `Bearer ${key}`)
        .send({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: LABELS }] })
        .expect(200);
      const status = async () =>
        (
          (
            await t.http
              .get('/api/v1/admin/alerts?name=HighErrorRate')
              .set('Authorization', `Bearer ${admin}`)
              .expect(200)
          ).body as { items: AlertView[] }
        ).items[0];
      clock.advance(61 * MINUTE); // repeat_interval passed, but not the 2 minutes of slack
      await t.app.get(AlertEscalationJob).run();
      expect((await status()).status).not.toBe('resolved');
      clock.advance(2 * MINUTE);
      expect(await t.app.get(AlertEscalationJob).run()).toMatchObject({ reconciled: 1 });
      expect(await status()).toMatchObject({ status: 'resolved', resolvedBy: 'expired' });
    } finally {
      await t.close();
    }
  });
});
