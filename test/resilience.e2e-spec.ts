import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp, createTestApp } from './utils/test-app';
import { newIsolation } from './utils/test-env';
import { TcpProxy, hostPort } from './utils/tcp-proxy';

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await probe();
  }
  return last;
}

describe('outages of PostgreSQL and Redis (e2e)', () => {
  const isolation = newIsolation('resilience');
  const pgProxy = new TcpProxy(hostPort(isolation.databaseUrl).host, hostPort(isolation.databaseUrl).port);
  const redisProxy = new TcpProxy(hostPort(isolation.redisUrl).host, hostPort(isolation.redisUrl).port);
  let t: TestApp;

  beforeAll(async () => {
    await pgProxy.start();
    await redisProxy.start();
    t = await createTestApp({
      isolation: {
        ...isolation,
        databaseUrl: pgProxy.rewrite(isolation.databaseUrl),
        redisUrl: redisProxy.rewrite(isolation.redisUrl),
        redisClusterNodes: [], // a single server behind the proxy
      },
    });
  });

  afterAll(async () => {
    await pgProxy.restore().catch(() => undefined);
    await redisProxy.restore().catch(() => undefined);
    await t.close();
    await pgProxy.stop();
    await redisProxy.stop();
  });

  it('reports the database as down (503, naming it) and recovers by itself', async () => {
    await t.http.get('/api/v1/health/ready').expect(200);
    await pgProxy.stop();
    const down = await eventually(
      () => t.http.get('/api/v1/health/ready'),
      (res) => res.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body.details.database.status).toBe('down');
    expect(down.body.details.redis.status).toBe('up');
    await t.http.get('/api/v1/health').expect(200); // liveness is unaffected

    await pgProxy.restore();
    const up = await eventually(
      () => t.http.get('/api/v1/health/ready'),
      (res) => res.status === 200,
    );
    expect(up.status).toBe(200);
  });

  it('reports Redis as down without crashing, and recovers by itself', async () => {
    await redisProxy.stop();
    const down = await eventually(
      () => t.http.get('/api/v1/health/ready'),
      (res) => res.status === 503,
    );
    expect(down.body.details.redis.status).toBe('down');
    expect(down.body.details.database.status).toBe('up');

    await redisProxy.restore();
    const up = await eventually(
      () => t.http.get('/api/v1/health/ready'),
      (res) => res.status === 200,
    );
    expect(up.status).toBe(200);
  });
});

describe('start-up configuration errors', () => {
  it('stops with one line naming the variable', () => {
    // The built app when there is one (CI builds before testing), else the sources through the TS loader.
    const root = join(__dirname, '..');
    const built = join(root, 'dist', 'apps', 'api', 'src', 'main.js');
    const args = existsSync(built)
      ? [built]
      : ['-r', join(root, 'bench', 'register.js'), join(root, 'apps', 'api', 'src', 'main.ts')];
    const result = spawnSync(process.execPath, args, {
      env: { PATH: process.env.PATH, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PORT must be an integer between 1 and 65535, got "abc"',
    );
  }, 70000);
});
