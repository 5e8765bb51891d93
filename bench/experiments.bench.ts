/**
 * Assignment throughput: `node -r ./bench/register.js bench/experiments.bench.ts`
 *
 * The full app (createApp: auth, rate limit, metrics, logging, every module) on PostgreSQL and Redis
 * (BENCH_DATABASE_URL, BENCH_REDIS_URL; defaults: the local test servers; a temporary schema and key
 * prefix, removed afterwards), served from a child process. The parent creates and starts a 3-variant
 * experiment, exposes BENCH_USERS users once, then loads in interleaved rounds (rotating order):
 *   health      GET /api/v1/health (public; the baseline of the target)
 *   whoami      GET /api/v1/auth/whoami with the ingest key: the same authentication and Redis rate-limit
 *               check as the assignment, no experiment work (isolates the module's own cost)
 *   assignment  GET /api/v1/experiments/:key/assignment?userId= for already-exposed users (ingest key)
 * and prints req/s and p99 per round, the medians, assignment/health (target ≥ 0.90) and
 * assignment/whoami throughput, and how many exposure rows the load wrote (expected 0: repeated calls
 * cost no database write).
 * Settings: BENCH_ROUNDS (4), BENCH_SECONDS (4), BENCH_CONNECTIONS (10), BENCH_USERS (2000).
 */
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiKeyService } from '@app/auth';
import { loadConfig } from '@app/config';
import { createApp } from '../apps/api/src/app.factory';

type Target = 'health' | 'whoami' | 'assignment';
const TARGETS: Target[] = ['health', 'whoami', 'assignment'];
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = env('BENCH_ROUNDS', 4);
const SECONDS = env('BENCH_SECONDS', 4);
const CONNECTIONS = env('BENCH_CONNECTIONS', 10);
const USERS = env('BENCH_USERS', 2000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const EXPERIMENT = 'bench-checkout';
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Served {
  port: number;
  admin: string;
  ingest: string;
}

/** Child process: the production app on its own schema and key prefix. */
async function serve(schema: string, prefix: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_DIR: `/tmp/pulse-bench-logs/${schema}`,
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    JOBS_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const keys = app.get(ApiKeyService);
  const served: Served = {
    port: (app.getHttpServer().address() as { port: number }).port,
    admin: (await keys.create({ name: 'bench-admin', role: 'admin' })).key,
    ingest: (await keys.create({ name: 'bench-ingest', role: 'ingest' })).key,
  };
  process.send!(served);
  // CPU time of the server is far less sensitive to a noisy neighbour than wall-clock throughput.
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system });
    }
  });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

async function start(schema: string, prefix: string): Promise<{ child: ChildProcess; served: Served }> {
  const child = fork(__filename, ['serve', schema, prefix], {
    execArgv: ['-r', join(__dirname, 'register.js')],
  });
  const served = await new Promise<Served>((resolve, reject) => {
    child.once('message', (message: Served) => resolve(message));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, served };
}

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: { cpuMicros?: number }) => {
      if (message.cpuMicros === undefined) return;
      child.off('message', onMessage);
      resolve(message.cpuMicros);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

async function api(base: string, key: string, method: string, path: string, body?: object): Promise<void> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

interface Figures {
  rps: number;
  p99: number;
  /** Server CPU time per request, µs. */
  cpu: number;
}

async function load(
  child: ChildProcess,
  target: Target,
  base: string,
  ingest: string,
  seconds: number,
): Promise<Figures> {
  let next = 0;
  const cpuBefore = await serverCpu(child);
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      target === 'health'
        ? { method: 'GET', path: '/api/v1/health' }
        : target === 'whoami'
          ? { method: 'GET', path: '/api/v1/auth/whoami', headers: { authorization: `Bearer ${ingest}` } }
          : {
              method: 'GET',
              headers: { authorization: `Bearer ${ingest}` },
              setupRequest: (req) => ({
                ...req,
                path: `/api/v1/experiments/${EXPERIMENT}/assignment?userId=u${next++ % USERS}`,
              }),
            },
    ],
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${target}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  }
  const cpu = (await serverCpu(child)) - cpuBefore;
  return { rps: result.requests.average, p99: result.latency.p99, cpu: cpu / result.requests.total };
}

async function exposures(db: Client, schema: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${schema}".experiment_exposures WHERE experiment_key = $1`,
    [EXPERIMENT],
  );
  return rows[0].n;
}

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const schema = `bench_experiments_${id}`;
  const prefix = `pulse:bench:experiments:${id}:`;
  const { child, served } = await start(schema, prefix);
  const base = `http://127.0.0.1:${served.port}`;
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    await api(base, served.admin, 'POST', '/api/v1/admin/experiments', {
      key: EXPERIMENT,
      variants: [
        { key: 'control', weight: 10 },
        { key: 'b', weight: 30 },
        { key: 'c', weight: 60 },
      ],
      primaryEvent: 'purchase',
    });
    await api(base, served.admin, 'POST', `/api/v1/admin/experiments/${EXPERIMENT}/start`);
    for (let i = 0; i < USERS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, USERS - i) }, (_, k) =>
          api(base, served.ingest, 'GET', `/api/v1/experiments/${EXPERIMENT}/assignment?userId=u${i + k}`),
        ),
      );
    }
    const exposedBefore = await exposures(db, schema);
    console.log(
      `Assignment vs health: ${ROUNDS} rounds × ${SECONDS} s per target, ${CONNECTIONS} connections, ` +
        `${exposedBefore} users already exposed`,
    );
    for (const target of TARGETS) await load(child, target, base, served.ingest, 2); // warm-up
    const results: Record<Target, Figures[]> = {
      health: [],
      whoami: [],
      assignment: [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]);
      for (const target of order)
        results[target].push(await load(child, target, base, served.ingest, SECONDS));
      console.log(
        `round ${round + 1}: ` +
          TARGETS.map(
            (t) =>
              `${t} ${results[t][round].rps.toFixed(0)} req/s ${results[t][round].cpu.toFixed(0)} µs CPU/req`,
          ).join(' | '),
      );
    }
    const medianOf = (t: Target) => median(results[t].map((r) => r.rps));
    const cpuOf = (t: Target) => median(results[t].map((r) => r.cpu));
    for (const t of TARGETS) {
      console.log(
        `${t.padEnd(11)} median ${medianOf(t).toFixed(0)} req/s, p99 ${median(results[t].map((r) => r.p99))} ms, ` +
          `server CPU ${cpuOf(t).toFixed(0)} µs/req`,
      );
    }
    const [health, whoami, assignment] = TARGETS.map(medianOf);
    const written = (await exposures(db, schema)) - exposedBefore;
    console.log(`exposure rows written during the load: ${written}`);
    console.log(`ratio (assignment / whoami throughput): ${(assignment / whoami).toFixed(3)}`);
    const cpuRatio = cpuOf('health') / cpuOf('assignment');
    console.log(
      `ratio (health / assignment server CPU per request, i.e. throughput when CPU-bound): ${cpuRatio.toFixed(3)} ` +
        `(target >= 0.90: ${cpuRatio >= 0.9 ? 'met' : 'NOT met'}); whoami / assignment: ${(cpuOf('whoami') / cpuOf('assignment')).toFixed(3)}`,
    );
    const ratio = assignment / health;
    console.log(
      `ratio (assignment / health throughput): ${ratio.toFixed(3)} (target >= 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'})`,
    );
  } finally {
    child.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

if (process.argv[2] === 'serve') {
  void serve(process.argv[3], process.argv[4]);
} else {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
