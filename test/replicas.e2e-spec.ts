import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { ReplicaProcess, freePort } from './utils/replica-process';
import { cleanupIsolation, newIsolation } from './utils/test-env';

/**
 * Three Pulse processes (the built dist) on one PostgreSQL schema and one Redis prefix (a Redis Cluster
 * when TEST_REDIS_CLUSTER_NODES is set), showing that what must happen once happens once. Each test
 * prints its figures.
 */
jest.setTimeout(240_000);

// Per key: the polling loops below use keys of their own so that none of them reaches it.
const RATE_LIMIT = 60;
const KEY_TTL_SECONDS = 2;
const JOB_EVERY_SECONDS = 2;
const DEFINITION_TTL_MS = 5000; // libs/experiments DEFINITION_TTL_MS: the documented delay of an edit
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alert(name: string) {
  const labels = { alertname: name, severity: 'critical', service: 'checkout' };
  return {
    version: '4',
    groupKey: `{}:{alertname="${name}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'pulse',
    groupLabels: { alertname: name },
    commonLabels: labels,
    commonAnnotations: { summary: `${name} is down` },
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: `${name} is down` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'ignored',
      },
    ],
  };
}

describe('three replicas on one PostgreSQL and one Redis (e2e)', () => {
  const isolation = newIsolation('replicas');
  const adminKey = randomBytes(24).toString('hex');
  const stub = new WebhookStub();
  let replicas: ReplicaProcess[] = [];
  let db: Client;

  const figures: string[] = [];
  const figure = (line: string) => figures.push(line);

  async function newKey(role: string): Promise<string> {
    const res = await replicas[0].fetch('/api/v1/admin/api-keys', {
      method: 'POST',
      key: adminKey,
      body: JSON.stringify({ name: `${role}-${randomBytes(3).toString('hex')}`, role }),
    });
    expect(res.status).toBe(201);
    return (res.body as { key: string }).key;
  }

  beforeAll(async () => {
    await stub.start();
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.TEST_REPLICA_LOG_LEVEL ?? 'warn',
      LOG_DIR: `/tmp/pulse-test-logs/${isolation.schema}`,
      DATABASE_URL: isolation.databaseUrl,
      DATABASE_SCHEMA: isolation.schema,
      DATABASE_POOL_SIZE: '4',
      ...(isolation.redisClusterNodes.length > 0
        ? { REDIS_CLUSTER_NODES: isolation.redisClusterNodes.join(',') }
        : { REDIS_URL: isolation.redisUrl }),
      REDIS_KEY_PREFIX: isolation.keyPrefix,
      BOOTSTRAP_ADMIN_KEY: adminKey,
      SLACK_WEBHOOK_URL: stub.url('/slack'),
      PAGERDUTY_EVENTS_URL: stub.url('/pd'),
      PAGERDUTY_ROUTING_KEY: 'routing-key-replicas',
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      API_KEY_CACHE_TTL_SECONDS: String(KEY_TTL_SECONDS),
      OUTBOX_POLL_MS: '100',
      JOBS_ENABLED: 'true',
      JOBS_ONLY: 'business-rules',
      JOBS_CRON: `business-rules=*/${JOB_EVERY_SECONDS} * * * * *`,
    };
    replicas = await Promise.all(
      ['a', 'b', 'c'].map(async (name) => new ReplicaProcess(name, await freePort(), env)),
    );
    // Started together: the migrations run once (advisory lock), the admin key is seeded once.
    await Promise.all(replicas.map((r) => r.start()));
    db = new Client({
      connectionString: isolation.databaseUrl,
      options: `-c search_path=${isolation.schema}`,
    });
    await db.connect();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.end();
    await stub.close();
    await cleanupIsolation(isolation);
    // The figures this suite exists for, in the test output.
    process.stdout.write(`\nthree replicas: ${figures.join('\n  ')}\n`);
  });

  it('the same Alertmanager webhook to all three → one Slack message and one PagerDuty trigger per alert; the outbox delivers each once', async () => {
    const key = await newKey('alertmanager');
    const names = ['CheckoutDown', 'PaymentsDown', 'SearchDown', 'LoginDown', 'CartDown'];
    await Promise.all(
      names.flatMap((name) =>
        replicas.map(async (r) => {
          const res = await r.fetch('/api/v1/alerts/alertmanager', {
            method: 'POST',
            key,
            body: JSON.stringify(alert(name)),
          });
          expect(res.status).toBeLessThan(300);
        }),
      ),
    );
    await stub.waitFor(2 * names.length, 20_000);
    await sleep(2000); // three dispatchers poll every 100 ms: a duplicate would arrive by now
    const slack = stub.requests.filter((r) => r.path === '/slack');
    const pd = stub.requests.filter((r) => r.path === '/pd');
    expect(slack).toHaveLength(names.length);
    expect(pd).toHaveLength(names.length);
    for (const name of names)
      expect(slack.filter((r) => JSON.stringify(r.body).includes(name))).toHaveLength(1);
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM outbox_messages`)).rows;
    figure(
      `alerts: ${names.length} alerts × 3 replicas = ${3 * names.length} webhooks → ${slack.length} Slack messages, ` +
        `${pd.length} PagerDuty triggers (${n} outbox messages, 3 dispatchers polling every 100 ms)`,
    );
  });

  it('a per-key limit of N per minute lets N requests through in total across the three', async () => {
    const key = await newKey('ingest');
    // Windows are aligned on the minute: do not straddle a boundary.
    if (60 - new Date().getUTCSeconds() < 20) await sleep((61 - new Date().getUTCSeconds()) * 1000);
    const failOpen = async () =>
      (await Promise.all(replicas.map((r) => r.metric('rate_limit_fail_open_total')))).reduce(
        (a, b) => a + b,
        0,
      );
    const failOpenBefore = await failOpen();
    // Round-robin, one request per replica at a time (a flood would time Redis out on a loaded machine:
    // the limiter then fails open by design, which is not what this test is about).
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++)
      statuses.push(
        ...(await Promise.all(
          replicas.map((r) => r.fetch('/api/v1/auth/whoami', { key }).then((res) => res.status)),
        )),
      );
    const failedOpen = (await failOpen()) - failOpenBefore;
    const ok = statuses.filter((s) => s === 200).length;
    // A request whose Redis check timed out (250 ms) is let through by design and counted as failing open;
    // on a quiet machine there are none and exactly RATE_LIMIT requests pass.
    expect(ok).toBeGreaterThanOrEqual(RATE_LIMIT);
    expect(ok).toBeLessThanOrEqual(RATE_LIMIT + failedOpen);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    figure(
      `rate limit: ${3 * RATE_LIMIT} requests round-robin, limit ${RATE_LIMIT}/min → ${ok} × 200 (${failedOpen} failed open)`,
    );
  });

  it('exposures are counted once per user; an experiment stopped on one replica is seen stopped by the others within the documented delay', async () => {
    const key = await newKey('ingest');
    const created = await replicas[0].fetch('/api/v1/admin/experiments', {
      method: 'POST',
      key: adminKey,
      body: JSON.stringify({
        key: 'replicas-exp',
        variants: [
          { key: 'control', weight: 50 },
          { key: 'treatment', weight: 50 },
        ],
        primaryEvent: 'purchase',
      }),
    });
    expect(created.status).toBe(201);
    const started = await replicas[1].fetch('/api/v1/admin/experiments/replicas-exp/start', {
      method: 'POST',
      key: adminKey,
    });
    expect(started.status).toBeLessThan(300);
    const assign = (r: ReplicaProcess, user: string, as = key) =>
      r.fetch(`/api/v1/experiments/replicas-exp/assignment?userId=${user}`, { key: as });
    // The experiment was never requested before: no replica holds a stale "unknown" for it.

    const users = Array.from({ length: 8 }, (_, i) => `exp-user-${i}`);
    const answers = await Promise.all(users.flatMap((u) => replicas.map((r) => assign(r, u))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Deterministic: the three replicas give each user the same variant.
    for (let i = 0; i < users.length; i++) {
      const variants = answers.slice(3 * i, 3 * i + 3).map((a) => (a.body as { variant: string }).variant);
      expect(new Set(variants).size).toBe(1);
    }
    const [{ n }] = (
      await db.query(
        `SELECT count(*)::int AS n FROM experiment_exposures WHERE experiment_key = 'replicas-exp'`,
      )
    ).rows;
    expect(n).toBe(users.length);
    const counted = (
      await Promise.all(
        replicas.map((r) => r.metric('experiment_exposures_total', { experiment: 'replicas-exp' })),
      )
    ).reduce((a, b) => a + b, 0);
    expect(counted).toBe(users.length);

    const stopped = await replicas[0].fetch('/api/v1/admin/experiments/replicas-exp/stop', {
      method: 'POST',
      key: adminKey,
    });
    expect(stopped.status).toBeLessThan(300);
    const stopAt = Date.now();
    const seen: number[] = [];
    for (const r of replicas.slice(1)) {
      const pollKey = await newKey('ingest');
      for (;;) {
        const res = await assign(r, 'after-stop', pollKey);
        expect(res.status).toBe(200);
        if ((res.body as { variant: string | null }).variant === null) break;
        if (Date.now() - stopAt > DEFINITION_TTL_MS + 3000) throw new Error(`${r.name} still assigns`);
        await sleep(200);
      }
      seen.push(Date.now() - stopAt);
    }
    // The TTL plus one poll interval and a request on this loaded machine.
    expect(Math.max(...seen)).toBeLessThanOrEqual(DEFINITION_TTL_MS + 1500);
    figure(
      `exposures: ${users.length} users × 3 replicas → ${n} rows, experiment_exposures_total summed = ${counted}; ` +
        `stop on a, seen by b and c after ${seen.join(' and ')} ms (documented ≤ ${DEFINITION_TTL_MS} ms)`,
    );
  });

  it('an API key revoked on one replica is refused by the others within API_KEY_CACHE_TTL_SECONDS', async () => {
    const key = await newKey('ingest');
    for (const r of replicas) expect((await r.fetch('/api/v1/auth/whoami', { key })).status).toBe(200);
    const list = await replicas[0].fetch('/api/v1/admin/api-keys', { key: adminKey });
    const rows = (Array.isArray(list.body) ? list.body : (list.body as { items: unknown[] }).items) as Array<{
      id: string;
      prefix: string;
      revokedAt: string | null;
    }>;
    const target = rows.find((row) => key.startsWith(row.prefix) && row.revokedAt === null);
    expect(target).toBeDefined();
    const revoked = await replicas[0].fetch(`/api/v1/admin/api-keys/${target!.id}`, {
      method: 'DELETE',
      key: adminKey,
    });
    expect(revoked.status).toBe(204);
    const at = Date.now();
    expect((await replicas[0].fetch('/api/v1/auth/whoami', { key })).status).toBe(401);
    const refusedAfter: number[] = [];
    for (const r of replicas.slice(1)) {
      for (;;) {
        const { status } = await r.fetch('/api/v1/auth/whoami', { key });
        if (status === 401) break;
        expect(status).toBe(200);
        if (Date.now() - at > KEY_TTL_SECONDS * 1000 + 3000)
          throw new Error(`${r.name} still accepts the key`);
        await sleep(100);
      }
      refusedAfter.push(Date.now() - at);
    }
    // The TTL plus one poll interval and a request on this loaded machine.
    expect(Math.max(...refusedAfter)).toBeLessThanOrEqual(KEY_TTL_SECONDS * 1000 + 1500);
    figure(
      `API key revoked on a: refused by b and c after ${refusedAfter.join(' and ')} ms (API_KEY_CACHE_TTL_SECONDS=${KEY_TTL_SECONDS})`,
    );
  });

  it('a job runs once per tick across the three; after kill -9 of the replica that ran it, another runs the next ticks', async () => {
    const runsOf = async () =>
      Promise.all(
        replicas.map((r) =>
          r.exited
            ? Promise.resolve(0)
            : r.metric('scheduled_job_runs_total', { job: 'business-rules', result: 'success' }),
        ),
      );
    const stateRuns = async () =>
      Number((await db.query(`SELECT runs FROM job_state WHERE name = 'business-rules'`)).rows[0]?.runs ?? 0);
    const before = await stateRuns();
    const beforePerReplica = await runsOf();
    const windowStart = Date.now();
    await sleep(5 * JOB_EVERY_SECONDS * 1000);
    const ticks = Math.floor((Date.now() - windowStart) / (JOB_EVERY_SECONDS * 1000));
    const perReplica = (await runsOf()).map((n, i) => n - beforePerReplica[i]);
    const ran = (await stateRuns()) - before;
    const total = perReplica.reduce((a, b) => a + b, 0);
    // Once per tick: as many runs as ticks elapsed (±1 at the edges of the window), never more.
    // The metric is incremented just after the job_state row: a run may fall between the two reads.
    expect(Math.abs(total - ran)).toBeLessThanOrEqual(1);
    expect(ran).toBeGreaterThanOrEqual(ticks - 1);
    expect(ran).toBeLessThanOrEqual(ticks + 1);

    // The replica that runs the next tick dies without a shutdown hook, right after its run.
    const snapshot = await runsOf();
    let victim: ReplicaProcess | undefined;
    while (!victim) {
      await sleep(100);
      const now = await runsOf();
      victim = replicas.find((_, i) => now[i] > snapshot[i]);
    }
    await victim.kill9();
    const killedAt = Date.now();
    // Killed mid-run (its next tick already started), the lock it held expires after the job's lock TTL
    // (60 s); killed between runs, the next tick is free at once.
    const [{ running_instance: holder }] = (
      await db.query(`SELECT running_instance FROM job_state WHERE name = 'business-rules'`)
    ).rows as Array<{ running_instance: string | null }>;
    const midRun = holder?.includes(`:${victim.pid}:`) ?? false;
    const survivorsBefore = await runsOf();
    let bySurvivors = 0;
    while (bySurvivors < 2) {
      if (Date.now() - killedAt > 75_000) throw new Error('no replica ran the job after the kill');
      await sleep(250);
      bySurvivors = (await runsOf()).reduce((sum, n, i) => sum + n - survivorsBefore[i], 0);
    }
    figure(
      `jobs: business-rules every ${JOB_EVERY_SECONDS} s, ${ticks} ticks → ${ran} runs (per replica ${perReplica.join('/')}); ` +
        `after kill -9 of ${victim.name} (${midRun ? 'mid-run' : 'between runs'}), ${bySurvivors} runs by the others within ${Date.now() - killedAt} ms`,
    );
  });
});
