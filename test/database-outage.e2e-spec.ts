import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { TestApp, createTestApp } from './utils/test-app';
import { newIsolation } from './utils/test-env';
import { TcpProxy, hostPort } from './utils/tcp-proxy';

interface Answer {
  method: string;
  status: number;
  ms: number;
  retryAfter?: string;
  message?: string;
  id?: string;
}

const STATEMENT_TIMEOUT_MS = 1500;
/** The client-side bound defaults to the statement timeout + 1 s. */
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 1000;
const POOL_TIMEOUT_MS = 1000;
/** The worst case: a request waits its full pool timeout for a connection, then its query times out. */
const REQUEST_BOUND_MS = POOL_TIMEOUT_MS + QUERY_TIMEOUT_MS;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL going away under load, seen through a proxy: every failure is a quick 503 with Retry-After
 * (never a 500, never a hang), and every write acknowledged with a 2xx is in the database.
 */
describe('PostgreSQL outages under load (e2e)', () => {
  const isolation = newIsolation('db-outage');
  const pgProxy = new TcpProxy(hostPort(isolation.databaseUrl).host, hostPort(isolation.databaseUrl).port);
  let t: TestApp;
  let ingest: string;
  let admin: string;

  beforeAll(async () => {
    await pgProxy.start();
    t = await createTestApp({
      isolation: { ...isolation, databaseUrl: pgProxy.rewrite(isolation.databaseUrl) },
      env: {
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        DATABASE_POOL_TIMEOUT_MS: String(POOL_TIMEOUT_MS),
      },
    });
    ingest = await t.keyFor('ingest');
    admin = await t.keyFor('admin');
  });

  afterAll(async () => {
    await pgProxy.restore().catch(() => undefined);
    await t.close();
    await pgProxy.stop();
  });

  /** `clients` loops alternating a feedback write and an admin read until `stop` resolves. */
  async function load(clients: number, stop: Promise<void>): Promise<Answer[]> {
    let done = false;
    void stop.then(() => (done = true));
    const answers: Answer[] = [];
    const loop = async (n: number) => {
      for (let i = 0; !done; i++) {
        const started = Date.now();
        const write = (i + n) % 2 === 0;
        const res = write
          ? await t.http
              .post('/api/v1/feedback')
              .set('Authorization', `Bearer ${ingest}`)
              .send({ type: 'bug', message: `outage ${n}-${i}` })
          : await t.http.get('/api/v1/admin/feedback?limit=5').set('Authorization', `Bearer ${admin}`);
        answers.push({
          method: write ? 'POST' : 'GET',
          status: res.status,
          ms: Date.now() - started,
          retryAfter: res.headers['retry-after'],
          message: (res.body as { message?: string }).message,
          id: write && res.status === 201 ? (res.body as { id: string }).id : undefined,
        });
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, n) => loop(n)));
    return answers;
  }

  async function storedIds(ids: string[]): Promise<Set<string>> {
    const client = new Client({ connectionString: isolation.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM "${isolation.schema}".feedback WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      return new Set(rows.map((row) => row.id));
    } finally {
      await client.end();
    }
  }

  /** Readiness polled like a load balancer would, every 100 ms: its 503s must not be logged as errors. */
  async function pollReadiness(until: Promise<void>): Promise<void> {
    let done = false;
    void until.then(() => (done = true));
    while (!done) {
      await t.http.get('/api/v1/health/ready');
      await sleep(100);
    }
  }

  function spyLogs() {
    const text = (entry: unknown) =>
      typeof entry === 'string' ? entry : String((entry as { message?: unknown }).message);
    const lines = { error: [] as string[], warn: [] as string[], info: [] as string[] };
    const spies = [
      jest
        .spyOn(Logger.prototype, 'error')
        .mockImplementation((m: unknown) => void lines.error.push(text(m))),
      jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void lines.warn.push(text(m))),
      jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void lines.info.push(text(m))),
    ];
    return { ...lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
  }

  function expectOnly2xxOr503(answers: Answer[]): void {
    const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 200 && a.status !== 503);
    expect(unexpected).toEqual([]);
    for (const refused of answers.filter((a) => a.status === 503)) {
      expect(refused.retryAfter).toMatch(/^\d+$/);
      // A refused read stored nothing because it never meant to: its message must not talk about storing.
      if (refused.method === 'GET') expect(refused.message).not.toMatch(/stored/);
      else expect(refused.message).toMatch(/not acknowledged/);
    }
  }

  it('connections reset mid-request (ECONNRESET) answer 503 with Retry-After, never 500', async () => {
    const outage = (async () => {
      await sleep(400);
      await pgProxy.reset();
      await sleep(1500);
      await pgProxy.restore();
      await sleep(1500);
    })();
    const logs = spyLogs();
    const [answers] = await Promise.all([load(6, outage), pollReadiness(outage)]);
    await sleep(1200); // the outage monitor's probe notices the database is back
    logs.restore();
    expectOnly2xxOr503(answers);
    const refused = answers.filter((a) => a.status === 503).length;
    expect(refused).toBeGreaterThan(0);
    // Readable: "down" once, "up" once, at most one error line (with its stack) per cause; not one per 503.
    expect(logs.warn.filter((m) => m.startsWith('Database unavailable'))).toHaveLength(1);
    expect(logs.info.filter((m) => m.startsWith('Database answers again'))).toHaveLength(1);
    expect(logs.error.length).toBeLessThanOrEqual(10);
    expect(logs.error.length).toBeLessThan(refused);
    const acknowledged = answers.flatMap((a) => (a.id ? [a.id] : []));
    expect((await storedIds(acknowledged)).size).toBe(acknowledged.length);
    // Recovered: the last answers are successes again.
    expect(answers.slice(-6).every((a) => a.status < 300)).toBe(true);
  }, 30000);

  it('a black-holed database answers 503 within the pool + query timeouts, readiness says so, and it heals', async () => {
    await t.http.get('/api/v1/admin/feedback?limit=1').set('Authorization', `Bearer ${admin}`).expect(200);
    pgProxy.blackhole();
    const outage = (async () => {
      await sleep(QUERY_TIMEOUT_MS + 2500);
    })();
    const [answers, ready] = await Promise.all([
      load(4, outage),
      (async () => {
        await sleep(500);
        const started = Date.now();
        const res = await t.http.get('/api/v1/health/ready');
        return { res, ms: Date.now() - started };
      })(),
    ]);
    expectOnly2xxOr503(answers);
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(REQUEST_BOUND_MS + 1000);
    expect(ready.res.status).toBe(503);
    expect(ready.res.body.details.database.status).toBe('down');
    expect(ready.ms).toBeLessThan(3000);

    await pgProxy.restore();
    const restoredAt = Date.now();
    const after = await t.http
      .post('/api/v1/feedback')
      .set('Authorization', `Bearer ${ingest}`)
      .send({ type: 'bug', message: 'after the partition' });
    expect(after.status).toBe(201);
    expect(Date.now() - restoredAt).toBeLessThan(2000);
    const acknowledged = answers.flatMap((a) => (a.id ? [a.id] : []));
    expect((await storedIds(acknowledged)).size).toBe(acknowledged.length);
  }, 30000);
});
