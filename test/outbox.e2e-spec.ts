import { DataSource } from 'typeorm';
import { getToken } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { ManualClock } from '@app/clock';
import { OutboxDispatcher, OutboxMessage, OutboxService } from '@app/outbox';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { TestApp, createTestApp } from './utils/test-app';
import { cleanupIsolation, newIsolation } from './utils/test-env';

interface Row {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

async function enqueue(t: TestApp, ...messages: OutboxMessage[]): Promise<void> {
  const outbox = t.app.get(OutboxService);
  await t.app.get(DataSource).transaction(async (manager) => {
    for (const message of messages) await outbox.enqueue(manager, message);
  });
}

function rows(t: TestApp): Promise<Row[]> {
  return t.app
    .get(DataSource)
    .query(`SELECT id, status, attempts, last_error FROM outbox_messages ORDER BY id`);
}

async function until(check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const slack = (n: number, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  channel: 'slack',
  source: 'test',
  payload: { text: `message ${n}`, n },
  ...extra,
});

describe('outbox (e2e)', () => {
  let stub: WebhookStub;

  beforeEach(async () => {
    stub = await new WebhookStub().start();
  });

  afterEach(async () => {
    await stub.close();
  });

  describe('one instance polling', () => {
    let t: TestApp;

    beforeEach(async () => {
      t = await createTestApp({
        label: 'outbox',
        env: { SLACK_WEBHOOK_URL: stub.url(), OUTBOX_POLL_MS: '50', OUTBOX_BACKOFF_BASE_MS: '20' },
      });
    });

    afterEach(async () => {
      await t.close();
    });

    it('delivers after Slack answers 500 three times, with backoff between attempts', async () => {
      stub.respond = (_request, index) => ({ status: index < 3 ? 500 : 200 });
      await enqueue(t, slack(1));
      await until(async () => (await rows(t))[0]?.status === 'delivered');
      expect(stub.requests).toHaveLength(4);
      expect(stub.requests.every((r) => r.body.n === 1)).toBe(true);
      const [row] = await rows(t);
      expect(row).toMatchObject({ status: 'delivered', attempts: 4, last_error: null });
      // base 20 ms: the retries wait at least 10, 20 and 40 ms
      const gaps = stub.requests.slice(1).map((r, i) => r.at - stub.requests[i].at);
      expect(gaps[0]).toBeGreaterThanOrEqual(9);
      expect(gaps[2]).toBeGreaterThanOrEqual(39);
      const deliveries = t.app.get<Counter<string>>(getToken('outbox_deliveries_total'));
      const values = (await deliveries.get()).values;
      const count = (result: string) =>
        values.find((v) => v.labels.channel === 'slack' && v.labels.result === result)?.value;
      expect(count('retry')).toBe(3);
      expect(count('delivered')).toBe(1);
    });

    it('delivers right after commit, without waiting for the poll', async () => {
      await t.close();
      t = await createTestApp({
        label: 'outbox',
        env: { SLACK_WEBHOOK_URL: stub.url(), OUTBOX_POLL_MS: '0' },
      });
      await enqueue(t, slack(7));
      await stub.waitFor(1, 3000);
      expect(stub.requests[0].body).toEqual({ text: 'message 7', n: 7 });
    });

    it('sends nothing for a rolled-back transaction', async () => {
      const outbox = t.app.get(OutboxService);
      await expect(
        t.app.get(DataSource).transaction(async (manager) => {
          await outbox.enqueue(manager, slack(2));
          throw new Error('producer failed');
        }),
      ).rejects.toThrow('producer failed');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stub.requests).toHaveLength(0);
      expect(await rows(t)).toHaveLength(0);
    });

    it('enqueues a message with a dedupe key once', async () => {
      await enqueue(t, slack(3, { dedupeKey: 'k-1' }), slack(3, { dedupeKey: 'k-1' }));
      await enqueue(t, slack(3, { dedupeKey: 'k-1' }));
      await stub.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stub.requests).toHaveLength(1);
      expect(await rows(t)).toHaveLength(1);
    });

    it('uses targetUrl over the channel URL, and skips a channel that is not configured', async () => {
      await enqueue(
        t,
        { channel: 'webhook', source: 'alerting', payload: { a: 1 } },
        { channel: 'webhook', source: 'alerting', payload: { b: 2 }, targetUrl: stub.url('/escalation') },
      );
      await until(async () => (await rows(t)).every((r) => r.status !== 'pending'));
      const [unconfigured, targeted] = await rows(t);
      expect(unconfigured.status).toBe('skipped');
      expect(targeted.status).toBe('delivered');
      expect(stub.requests.map((r) => r.path)).toEqual(['/escalation']);
      const alerts = t.app.get<Counter<string>>(getToken('alert_notifications_total'));
      const values = (await alerts.get()).values;
      // Every channel × result series exists from the start (at 0): look up the webhook's.
      const of = (result: string) =>
        values.find((v) => v.labels.channel === 'webhook' && v.labels.result === result)?.value;
      expect(of('skipped')).toBe(1);
      expect(of('delivered')).toBe(1);
    });

    it('gives up at once on a permanent 4xx and keeps the row as dead', async () => {
      stub.respond = () => ({ status: 404 });
      await enqueue(t, slack(4));
      await until(async () => (await rows(t))[0]?.status === 'dead');
      expect(stub.requests).toHaveLength(1);
      expect((await rows(t))[0].last_error).toContain('HTTP 404');
    });
  });

  it('reports its backlog like a job: pending count and the enqueue time of the oldest, dead letters from 0', async () => {
    stub.respond = () => ({ status: 503 });
    const t = await createTestApp({
      label: 'outbox',
      env: { SLACK_WEBHOOK_URL: stub.url(), OUTBOX_POLL_MS: '0', OUTBOX_BACKOFF_BASE_MS: '600000' },
    });
    try {
      const metrics = async () => (await t.http.get('/metrics').expect(200)).text;
      // Every channel × result series exists from the start (at 0 in a fresh process; the registry is
      // shared by this file's apps), so the first dead letter is an increase Prometheus can see.
      const before0 = await metrics();
      for (const channel of ['slack', 'pagerduty', 'webhook']) {
        for (const result of ['delivered', 'retry', 'dead', 'skipped']) {
          for (const name of ['outbox_deliveries_total', 'alert_notifications_total']) {
            expect(before0).toMatch(
              new RegExp(`^${name}\\{channel="${channel}",result="${result}"\\} \\d+$`, 'm'),
            );
          }
        }
      }
      const before = Math.floor(Date.now() / 1000);
      await enqueue(t, slack(6), slack(7));
      await t.app.get(OutboxDispatcher).dispatchOnce();
      await t.app.get(OutboxDispatcher).refreshBacklog(true);
      const text = await metrics();
      expect(text).toMatch(/^outbox_messages_pending 2$/m);
      const oldest = Number(/^outbox_oldest_pending_timestamp_seconds (\S+)$/m.exec(text)?.[1]);
      expect(oldest).toBeGreaterThanOrEqual(before - 1);
      expect(oldest).toBeLessThanOrEqual(Date.now() / 1000);
      await t.app.get(DataSource).query(`UPDATE outbox_messages SET status = 'delivered'`);
      await t.app.get(OutboxDispatcher).refreshBacklog(true);
      expect(await metrics()).toMatch(/^outbox_oldest_pending_timestamp_seconds 0$/m);
    } finally {
      await t.close();
    }
  });

  it('gives up after OUTBOX_MAX_ATTEMPTS failures', async () => {
    stub.respond = () => ({ status: 503 });
    const t = await createTestApp({
      label: 'outbox',
      env: {
        SLACK_WEBHOOK_URL: stub.url(),
        OUTBOX_POLL_MS: '20',
        OUTBOX_BACKOFF_BASE_MS: '5',
        OUTBOX_MAX_ATTEMPTS: '3',
      },
    });
    try {
      await enqueue(t, slack(5));
      await until(async () => (await rows(t))[0]?.status === 'dead');
      expect(stub.requests).toHaveLength(3);
      expect((await rows(t))[0]).toMatchObject({
        attempts: 3,
        last_error: expect.stringContaining('HTTP 503'),
      });
    } finally {
      await t.close();
    }
  });

  it('loses nothing when the app stops mid-way: a new instance delivers the rest, each once', async () => {
    const isolation = newIsolation('outbox');
    const env = {
      SLACK_WEBHOOK_URL: stub.url(),
      OUTBOX_POLL_MS: '0',
      OUTBOX_BATCH_SIZE: '2',
    };
    stub.respond = () => ({ status: 200, delayMs: 150 });
    const first = await createTestApp({ isolation, env });
    await enqueue(first, ...Array.from({ length: 10 }, (_, i) => slack(i)));
    await stub.waitFor(2);
    await first.close({ keepData: true });
    const deliveredBefore = stub.requests.length;
    expect(deliveredBefore).toBeLessThan(10);

    const second = await createTestApp({ isolation, env });
    try {
      await second.app.get(OutboxDispatcher).dispatchOnce();
      const all = await rows(second);
      expect(all.every((r) => r.status === 'delivered')).toBe(true);
      const numbers = stub.requests.map((r) => r.body.n).sort((a, b) => Number(a) - Number(b));
      expect(numbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await second.close();
      await cleanupIsolation(isolation);
    }
  });

  it('redelivers a row claimed by a process that died, once its lease has expired', async () => {
    const clock = new ManualClock(new Date());
    const t = await createTestApp({
      label: 'outbox',
      clock,
      env: { SLACK_WEBHOOK_URL: stub.url(), OUTBOX_POLL_MS: '0', OUTBOX_LEASE_MS: '60000' },
    });
    try {
      const dataSource = t.app.get(DataSource);
      // A row as a crashed dispatcher leaves it: claimed (leased), attempt counted, never finished.
      await dataSource.query(
        `INSERT INTO outbox_messages (channel, source, payload, attempts, locked_until, claim_token, next_attempt_at)
         VALUES ('slack', 'test', '{"n": 42}', 1, $1, gen_random_uuid(), $2)`,
        [new Date(clock.now().getTime() + 60000), clock.now()],
      );
      const dispatcher = t.app.get(OutboxDispatcher);
      await expect(dispatcher.dispatchOnce()).resolves.toBe(0);
      expect(stub.requests).toHaveLength(0);
      clock.advance(61000);
      await expect(dispatcher.dispatchOnce()).resolves.toBe(1);
      expect(stub.requests.map((r) => r.body.n)).toEqual([42]);
      expect((await rows(t))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    } finally {
      await t.close();
    }
  });

  it('never lets two instances deliver the same row', async () => {
    const isolation = newIsolation('outbox');
    const env = { SLACK_WEBHOOK_URL: stub.url(), OUTBOX_POLL_MS: '0', OUTBOX_BATCH_SIZE: '3' };
    stub.respond = () => ({ status: 200, delayMs: 5 });
    const a = await createTestApp({ isolation, env });
    const b = await createTestApp({ isolation, env });
    try {
      // Enqueue without kicking either dispatcher: insert straight into the table.
      await a.app.get(DataSource).query(
        `INSERT INTO outbox_messages (channel, source, payload)
         SELECT 'slack', 'test', jsonb_build_object('n', g) FROM generate_series(1, 60) g`,
      );
      const [handledA, handledB] = await Promise.all([
        a.app.get(OutboxDispatcher).dispatchOnce(),
        b.app.get(OutboxDispatcher).dispatchOnce(),
      ]);
      expect(handledA + handledB).toBe(60);
      expect(handledA).toBeGreaterThan(0);
      expect(handledB).toBeGreaterThan(0);
      const numbers = stub.requests.map((r) => Number(r.body.n));
      expect(new Set(numbers).size).toBe(60);
      expect(numbers).toHaveLength(60);
    } finally {
      await a.close();
      await b.close();
      await cleanupIsolation(isolation);
    }
  });
});
