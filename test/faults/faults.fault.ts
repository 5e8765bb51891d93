import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { WebhookStub } from '../../libs/outbox/src/testing/webhook-stub';
import { TcpProxy } from '../utils/tcp-proxy';
import { LoadClient, Sample } from './load-client';
import { PulseProcess } from './pulse-process';
import { PostgresServer, RedisServer, freePort, sleep } from './services';

/** How long each fault lasts, and how long the suite watches the recovery after it. */
/** Longer than the pool + query timeouts, so a black hole is noticed by the timers, not ended by the heal. */
const FAULT_MS = Number(process.env.FAULT_MS ?? 6000);
const AFTER_MS = 3000;
const STATEMENT_TIMEOUT_MS = 2000;
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 1000;
const POOL_TIMEOUT_MS = 1000;
/** No request longer than its timeout + 1 s; the worst case waits for a pooled connection, then for its query. */
const MAX_REQUEST_MS = POOL_TIMEOUT_MS + QUERY_TIMEOUT_MS + 1000;
const MAX_RECOVERY_MS = 2000;
const MAX_LOG_LINES = 15;
const ADMIN_KEY = 'fault-suite-admin-key-0123456789abcdef';

interface Fault {
  name: string;
  inject: () => Promise<void>;
  heal: () => Promise<void>;
  /** kill -9: the client sees no HTTP answer while Pulse is down; recovery counts from its restart. */
  restarts?: boolean;
}

interface Figures {
  fault: string;
  requests: number;
  acknowledged: number;
  status5xx: number;
  status500: number;
  noAnswer: number;
  p99DuringMs: number;
  maxMs: number;
  recoveryMs: number;
  logLines: number;
  restartMs?: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('faults: Pulse under load while its dependencies fail', () => {
  const pg = new PostgresServer();
  const redis = new RedisServer();
  const slack = new WebhookStub();
  let pgProxy: TcpProxy;
  let pulse: PulseProcess;
  let load: LoadClient;
  const windows: Array<{ name: string; from: number; healed: number; to: number; restartMs?: number }> = [];

  beforeAll(async () => {
    await pg.init();
    await redis.start();
    await slack.start();
    pgProxy = new TcpProxy('127.0.0.1', pg.port);
    await pgProxy.start();
    pulse = new PulseProcess(await freePort(), {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      LOG_DIR: join(pg.dir, 'logs'),
      DATABASE_URL: pgProxy.rewrite(pg.url),
      DATABASE_CONNECT_RETRIES: '10',
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      DATABASE_POOL_TIMEOUT_MS: String(POOL_TIMEOUT_MS),
      REDIS_URL: redis.url,
      SLACK_WEBHOOK_URL: slack.url(),
      OUTBOX_HTTP_TIMEOUT_MS: '1000',
      OUTBOX_BACKOFF_BASE_MS: '200',
      OUTBOX_BACKOFF_MAX_MS: '2000',
      OUTBOX_MAX_ATTEMPTS: '100',
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      RATE_LIMIT_PER_MINUTE: '1000000',
      JOBS_ENABLED: 'false',
    });
    const startMs = await pulse.start();
    process.stdout.write(`Pulse started in ${startMs} ms\n`);
  }, 300_000);

  afterAll(async () => {
    await pulse?.kill9();
    await load?.stop();
    redis.thaw();
    await pgProxy?.stop();
    await slack.close();
    await redis.stop();
    await pg.destroy();
  }, 120_000);

  it('loses no acknowledged write, answers no 500 and recovers within 2 s from every fault', async () => {
    const created = await fetch(`${pulse.base}/api/v1/admin/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ name: 'fault-load', role: 'ingest' }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    load = new LoadClient(() => pulse.base, key);
    load.start();
    await sleep(2000); // warm: connections open, caches filled

    let restartMs: number | undefined;
    const killAndRestart = async () => {
      await pulse.kill9();
      await sleep(500);
      restartMs = await pulse.start();
    };
    const faults: Fault[] = [
      { name: 'kill -9 of Pulse (1)', inject: killAndRestart, heal: async () => undefined, restarts: true },
      { name: 'kill -9 of Pulse (2)', inject: killAndRestart, heal: async () => undefined, restarts: true },
      { name: 'kill -9 of Pulse (3)', inject: killAndRestart, heal: async () => undefined, restarts: true },
      { name: 'PostgreSQL stopped', inject: () => pg.stop(), heal: () => pg.start() },
      {
        name: 'PostgreSQL black-holed',
        inject: async () => pgProxy.blackhole(),
        heal: () => pgProxy.restore(),
      },
      { name: 'Redis stopped', inject: () => redis.stop(), heal: () => redis.start() },
      {
        name: 'Redis hung (SIGSTOP)',
        inject: async () => redis.freeze(),
        heal: async () => redis.thaw(),
      },
      {
        name: 'Slack answering 500',
        inject: async () => void (slack.respond = () => ({ status: 500 })),
        heal: async () => void (slack.respond = () => ({ status: 200 })),
      },
      {
        name: 'Slack hanging',
        // Longer than OUTBOX_HTTP_TIMEOUT_MS (1 s): every delivery attempt times out.
        inject: async () => void (slack.respond = () => ({ status: 200, delayMs: 5000 })),
        heal: async () => void (slack.respond = () => ({ status: 200 })),
      },
    ];

    for (const fault of faults) {
      restartMs = undefined;
      const from = Date.now();
      await fault.inject();
      if (!fault.restarts) await sleep(FAULT_MS);
      await fault.heal();
      const healed = Date.now();
      await sleep(AFTER_MS);
      windows.push({ name: fault.name, from, healed, to: Date.now(), restartMs });
    }
    await load.stop();
    const figures = windows.map((w) =>
      measure(w.name, load.samples, w.from, w.healed, w.to, pulse, w.restartMs),
    );

    const report = figures.map((f) => JSON.stringify(f)).join('\n');
    // Figures for docs/RELIABILITY.md; outside the repository (generated output is never committed).
    writeFileSync(join(tmpdir(), 'pulse-fault-figures.json'), `[${report.split('\n').join(',\n')}]\n`);
    process.stdout.write(`${report}\n`);

    // The data: every acknowledged write is stored exactly once.
    const { lost, duplicates, acknowledged } = await verify(pg.url, load.samples);
    process.stdout.write(`acknowledged ${acknowledged}, lost ${lost}, duplicates ${duplicates}\n`);
    expect(acknowledged).toBeGreaterThan(100);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);

    for (const f of figures) {
      expect({ fault: f.fault, status500: f.status500 }).toEqual({ fault: f.fault, status500: 0 });
      expect({ fault: f.fault, slow: f.maxMs > MAX_REQUEST_MS }).toEqual({ fault: f.fault, slow: false });
      expect({ fault: f.fault, recovered: f.recoveryMs <= MAX_RECOVERY_MS }).toEqual({
        fault: f.fault,
        recovered: true,
      });
      expect({ fault: f.fault, quiet: f.logLines <= MAX_LOG_LINES }).toEqual({ fault: f.fault, quiet: true });
    }

    // Slack's outage lost no announcement either: everything queued is delivered once it is back.
    const deadline = Date.now() + 60_000;
    let pending = Infinity;
    while (pending > 0 && Date.now() < deadline) {
      pending = await pendingOutbox(pg.url);
      if (pending > 0) await sleep(500);
    }
    expect(pending).toBe(0);
  });
});

function measure(
  fault: string,
  samples: Sample[],
  from: number,
  healed: number,
  to: number,
  pulse: PulseProcess,
  restartMs?: number,
): Figures {
  // Every request that overlapped the fault: one started before it and stuck in it counts too.
  const window = samples.filter((s) => s.ended >= from && s.started < to);
  const during = window.filter((s) => s.started < healed);
  const firstOk = samples.find((s) => s.started >= healed && s.status >= 200 && s.status < 300);
  return {
    fault,
    requests: window.length,
    acknowledged: window.filter((s) => s.acknowledged).length,
    status5xx: window.filter((s) => s.status >= 500).length,
    status500: window.filter((s) => s.status === 500).length,
    noAnswer: window.filter((s) => s.status === 0).length,
    p99DuringMs: percentile(
      during.filter((s) => s.status !== 0).map((s) => s.ended - s.started),
      99,
    ),
    maxMs: Math.max(0, ...window.filter((s) => s.status !== 0).map((s) => s.ended - s.started)),
    recoveryMs: firstOk ? firstOk.ended - healed : Infinity,
    logLines: pulse.problemLines(from, to).length,
    ...(restartMs !== undefined ? { restartMs } : {}),
  };
}

async function verify(url: string, samples: Sample[]) {
  const feedbackIds = samples.flatMap((s) =>
    s.kind === 'feedback' && s.acknowledged ? [s.acknowledged] : [],
  );
  const userIds = samples.flatMap((s) => (s.kind === 'events' && s.acknowledged ? [s.acknowledged] : []));
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const feedback = await client.query<{ id: string }>(
      `SELECT id FROM feedback WHERE id = ANY($1::uuid[])`,
      [feedbackIds],
    );
    const events = await client.query<{ user_id: string; n: number }>(
      `SELECT user_id, count(*)::int AS n FROM analytics_events WHERE event = 'fault_load' GROUP BY user_id`,
    );
    const dupFeedback = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT message FROM feedback GROUP BY message HAVING count(*) > 1) d`,
    );
    const stored = new Map(events.rows.map((row) => [row.user_id, row.n]));
    const lostEvents = userIds.filter((id) => !stored.has(id)).length;
    const dupEvents = events.rows.filter((row) => row.n > 1).length;
    return {
      acknowledged: feedbackIds.length + userIds.length,
      lost: feedbackIds.length - feedback.rowCount! + lostEvents,
      duplicates: dupFeedback.rows[0].n + dupEvents,
    };
  } finally {
    await client.end();
  }
}

async function pendingOutbox(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'pending'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}
