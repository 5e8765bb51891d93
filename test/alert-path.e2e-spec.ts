import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { AlertmanagerProcess, freePort } from './utils/alertmanager-process';
import { TestApp, createTestApp } from './utils/test-app';
import { cleanupIsolation, newIsolation } from './utils/test-env';
import { TcpProxy, hostPort } from './utils/tcp-proxy';

const OPS = join(__dirname, '..', 'ops');

interface Rule {
  alert?: string;
  for?: string;
}

/** A test copy of ops/prometheus: the real rules with short `for:` so the path runs in seconds. */
function testRules(dir: string): string[] {
  const alerts = load(readFileSync(join(OPS, 'prometheus/alerts.yml'), 'utf8')) as {
    groups: Array<{ rules: Rule[] }>;
  };
  for (const rule of alerts.groups.flatMap((g) => g.rules)) {
    if (rule.alert === 'HighErrorRate') rule.for = '3s';
    if (rule.alert === 'ServiceDown') rule.for = '2s';
  }
  writeFileSync(join(dir, 'alerts.yml'), dump(alerts));
  writeFileSync(join(dir, 'recording.yml'), readFileSync(join(OPS, 'prometheus/recording.yml')));
  return [join(dir, 'recording.yml'), join(dir, 'alerts.yml')];
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The whole path with the real binaries: Prometheus scrapes Pulse and evaluates ops/' rules (short
 * `for:`), Alertmanager routes with ops/alertmanager.yml (webhook and fallback URLs pointed at stubs).
 * PostgreSQL cut → 5xx → HighErrorRate → Alertmanager → Pulse → one Slack message. Pulse stopped →
 * ServiceDown{job="pulse"} → Alertmanager pages PagerDuty and Slack itself.
 */
describe('the alert path end to end, with Prometheus and Alertmanager (e2e)', () => {
  const isolation = newIsolation('alertpath');
  const dbProxy = new TcpProxy(hostPort(isolation.databaseUrl).host, hostPort(isolation.databaseUrl).port);
  const dir = mkdtempSync(join(tmpdir(), 'pulse-path-'));
  let stub: WebhookStub;
  let t: TestApp;
  let am: AlertmanagerProcess;
  let prometheus: ChildProcess | null = null;
  let promUrl = '';

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const child = prometheus;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    await am?.stop();
    await dbProxy.restore().catch(() => undefined);
    await t?.close({ keepData: true }).catch(() => undefined);
    await dbProxy.stop();
    await stub?.close();
    await cleanupIsolation(isolation);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages through Pulse once, and without Pulse when Pulse is down', async () => {
    stub = await new WebhookStub().start();
    await dbProxy.start();
    t = await createTestApp({
      isolation: { ...isolation, databaseUrl: dbProxy.rewrite(isolation.databaseUrl) },
      env: {
        SLACK_WEBHOOK_URL: stub.url('/slack'),
        OUTBOX_POLL_MS: '200',
        API_KEY_CACHE_TTL_SECONDS: '3600',
      },
    });
    const ingest = await t.keyFor('ingest');
    await t.app.listen(0, '127.0.0.1');
    const pulse = `127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;

    // Alertmanager: ops/alertmanager.yml with the webhook at this Pulse and the fallback at the stub.
    am = new AlertmanagerProcess();
    const config = load(readFileSync(join(OPS, 'alertmanager/alertmanager.yml'), 'utf8')) as {
      route: Record<string, unknown> & { routes: Array<Record<string, unknown>> };
      receivers: Array<{ name: string } & Record<string, Array<Record<string, unknown>> | undefined>>;
    };
    Object.assign(config.route, { group_wait: '0s', group_interval: '1s' });
    for (const route of config.route.routes) Object.assign(route, { group_wait: '0s', group_interval: '1s' });
    for (const receiver of config.receivers) {
      for (const webhook of receiver.webhook_configs ?? []) {
        webhook.url =
          receiver.name === 'pulse' ? `http://${pulse}/api/v1/alerts/alertmanager` : stub.url('/dms');
        webhook.http_config = {
          authorization: {
            credentials_file: am.file(`${String(receiver.name)}-key`, await t.keyFor('alertmanager')),
          },
        };
      }
      for (const pd of receiver.pagerduty_configs ?? []) {
        pd.routing_key_file = am.file('pd-key', 'fallback-routing-key');
        pd.url = stub.url('/fallback-pd');
      }
      for (const slack of receiver.slack_configs ?? [])
        slack.api_url_file = am.file('slack-url', stub.url('/fallback-slack'));
    }
    await am.start(dump(config));

    // Prometheus: scrapes Pulse every second as job "pulse", evaluates the test copy, alerts Alertmanager.
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      dump({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: testRules(dir),
        alerting: { alertmanagers: [{ static_configs: [{ targets: [am.url.replace('http://', '')] }] }] },
        scrape_configs: [{ job_name: 'pulse', scrape_timeout: '1s', static_configs: [{ targets: [pulse] }] }],
      }),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    const query = async (q: string) => {
      const body = (await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
        data: { result: Array<{ value: [number, string] }> };
      };
      return body.data.result.map((r) => Number(r.value[1]));
    };
    const firing = async (name: string) => {
      const body = (await (await fetch(`${promUrl}/api/v1/alerts`)).json()) as {
        data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
      };
      return body.data.alerts.some((a) => a.labels.alertname === name && a.state === 'firing') || undefined;
    };
    await until(
      async () => ((await query('up{job="pulse"}'))[0] === 1 ? true : undefined),
      'the first scrape',
    );

    // Fault: PostgreSQL unreachable → feedback answers 503 → 5xx share above 5%.
    await dbProxy.stop();
    const traffic = setInterval(() => {
      for (let i = 0; i < 5; i++) {
        void t.http
          .post('/api/v1/feedback')
          .set('Authorization', `Bearer ${ingest}`)
          .send({ type: 'bug', message: 'x' })
          .then(
            () => undefined,
            () => undefined,
          );
      }
    }, 200);
    try {
      await until(() => firing('HighErrorRate'), 'HighErrorRate firing in Prometheus');
    } finally {
      clearInterval(traffic);
    }
    // PostgreSQL back: Alertmanager's delivery (retried while Pulse answered 503) lands; Pulse notifies once.
    await dbProxy.restore();
    await until(
      async () =>
        stub.requests.some((r) => r.path === '/slack' && JSON.stringify(r.body).includes('HighErrorRate')) ||
        undefined,
      'Pulse Slack message',
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // Once per alert: the critical tier pages once (the warning tier may fire a moment earlier, on its own).
    const slack = stub.requests
      .filter((r) => r.path === '/slack' && JSON.stringify(r.body).includes('HighErrorRate'))
      .map((r) => String(r.body.text));
    expect(slack.filter((text) => text.includes('[P0] HighErrorRate is firing'))).toHaveLength(1);
    expect(new Set(slack).size).toBe(slack.length);
    expect(stub.requests.filter((r) => r.path.startsWith('/fallback'))).toHaveLength(0);

    // Pulse stopped: ServiceDown{job="pulse"} pages through Alertmanager's own receivers.
    await t.app.close();
    await until(
      async () => (stub.requests.some((r) => r.path === '/fallback-pd') ? true : undefined),
      'the fallback PagerDuty page',
    );
    const page = stub.requests.find((r) => r.path === '/fallback-pd');
    expect(page?.body).toMatchObject({ routing_key: 'fallback-routing-key', event_action: 'trigger' });
    expect(JSON.stringify(page?.body)).toContain('pulse');
    await until(
      async () => (stub.requests.some((r) => r.path === '/fallback-slack') ? true : undefined),
      'the fallback Slack message',
    );
  }, 150_000);
});
