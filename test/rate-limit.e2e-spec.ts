import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ApiKeyService, IpRateLimit, Public, RequireRole, SkipRateLimit } from '@app/auth';
import { Env } from '@app/config';
import { ManualClock } from '@app/clock';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.factory';
import { TestApp, createTestApp } from './utils/test-app';
import { TestIsolation, cleanupIsolation, newIsolation, testConfig } from './utils/test-env';

/** Stand-ins for the feature endpoints (events, NPS link …) built elsewhere. */
@Controller('probe')
class ProbeController {
  @Post('ingest')
  @RequireRole('ingest')
  @HttpCode(200)
  ingest() {
    return { ok: true };
  }

  @Post('unlimited')
  @RequireRole('ingest')
  @SkipRateLimit()
  @HttpCode(200)
  unlimited() {
    return { ok: true };
  }

  @Get('link')
  @Public()
  @IpRateLimit()
  link() {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }
}

interface ProbeApp {
  app: NestExpressApplication;
  http: TestAgent;
  ingestKey(name: string): Promise<string>;
}

async function startProbeApp(isolation: TestIsolation, env: Env, clock: ManualClock): Promise<ProbeApp> {
  const config = testConfig(isolation, env);
  @Module({ imports: [AppModule.forRoot(config, { clock })], controllers: [ProbeController] })
  class ProbeRoot {}
  const app = await NestFactory.create<NestExpressApplication>(ProbeRoot, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app, config);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    ingestKey: async (name) => (await app.get(ApiKeyService).create({ name, role: 'ingest' })).key,
  };
}

const LIMITS = { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_IP_PER_MINUTE: '2' };

// First, so that ioredis's reconnect timer (a few seconds after close) ends while the rest runs.
describe('rate limits without Redis (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    t = await createTestApp({
      label: 'ratelimitdown',
      env: { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_IP_PER_MINUTE: '1' },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('lets requests through (fail open) and counts them in rate_limit_fail_open_total', async () => {
    const counter = t.app.get<Counter>(getToken('rate_limit_fail_open_total'));
    const total = async () => (await counter.get()).values.reduce((sum, v) => sum + v.value, 0);
    const before = await total();
    const key = await t.keyFor('ingest');
    for (let i = 0; i < 3; i++) {
      await t.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(200);
    }
    await t.http.get('/api/v1/auth/whoami').expect(401);
    await t.http.get('/api/v1/auth/whoami').expect(401);
    expect((await total()) - before).toBe(5);
  });
});

describe('rate limits (e2e)', () => {
  const isolation = newIsolation('ratelimit');
  // Windows are aligned on the clock: 15 s into a minute, 45 s remain.
  const clock = new ManualClock(new Date('2026-11-24T12:00:00Z'));
  let a: ProbeApp;
  let b: ProbeApp;

  beforeAll(async () => {
    a = await startProbeApp(isolation, LIMITS, clock);
    b = await startProbeApp(isolation, LIMITS, clock);
  });

  afterAll(async () => {
    await a.app.close();
    await b.app.close();
    await cleanupIsolation(isolation);
  });

  beforeEach(() => {
    // Each test starts 15 s into a fresh window.
    const minute = Math.floor(clock.now().getTime() / 60_000) + 1;
    clock.set(new Date(minute * 60_000 + 15_000));
  });

  it('limits each ingest key: 429 JSON with Retry-After, then resets with the window', async () => {
    const key = await a.ingestKey('limited');
    for (const remaining of ['2', '1', '0']) {
      const res = await a.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      expect(res.headers['x-ratelimit-remaining']).toBe(remaining);
    }
    const refused = await a.http
      .get('/api/v1/auth/whoami')
      .auth(key, { type: 'bearer' })
      .set('X-Request-Id', 'r-429')
      .expect(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many requests: at most 3 per minute per API key; retry in 45 s',
      requestId: 'r-429',
    });

    // Another key has its own budget.
    await a.http
      .get('/api/v1/auth/whoami')
      .auth(await a.ingestKey('other'), { type: 'bearer' })
      .expect(200);

    clock.advance(30_000);
    const later = await a.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(429);
    expect(later.headers['retry-after']).toBe('15');
    clock.advance(15_000);
    await a.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(200);
  });

  it('gives a key one budget across all ingest endpoints; @SkipRateLimit() endpoints are not counted', async () => {
    const key = await a.ingestKey('shared');
    await a.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(200);
    await a.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(200);
    for (let i = 0; i < 5; i++) {
      await a.http.post('/api/v1/probe/unlimited').auth(key, { type: 'bearer' }).expect(200);
    }
    await a.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(200);
    await a.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(429);
    await a.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(429);
  });

  it('shares one limit between two app instances', async () => {
    const key = await a.ingestKey('replicas');
    await a.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(200);
    await b.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(200);
    await a.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(200);
    await b.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(429);
    await a.http.post('/api/v1/probe/ingest').auth(key, { type: 'bearer' }).expect(429);
  });

  it('does not limit admin endpoints', async () => {
    const admin = (await a.app.get(ApiKeyService).create({ name: 'ops', role: 'admin' })).key;
    for (let i = 0; i < 5; i++) {
      await a.http.get('/api/v1/admin/api-keys').auth(admin, { type: 'bearer' }).expect(200);
    }
  });

  it('limits failed authentications per client IP, without locking out valid keys from that IP', async () => {
    await a.http.get('/api/v1/auth/whoami').expect(401);
    await b.http.get('/api/v1/auth/whoami').auth('pk_notAKeyAtAll', { type: 'bearer' }).expect(401);
    const refused = await a.http.post('/api/v1/probe/ingest').expect(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.body.message).toBe('Too many requests: at most 2 per minute per client IP; retry in 45 s');
    await a.http
      .post('/api/v1/probe/ingest')
      .auth(await a.ingestKey('same-ip'), { type: 'bearer' })
      .expect(200);
  });

  it('limits @IpRateLimit() public endpoints per client IP and leaves other public endpoints alone', async () => {
    await a.http.get('/api/v1/probe/link').expect(200);
    await b.http.get('/api/v1/probe/link').expect(200);
    await a.http.get('/api/v1/probe/link').expect(429);
    for (let i = 0; i < 5; i++) {
      await a.http.get('/api/v1/probe/open').expect(200);
      await a.http.get('/api/v1/health').expect(200);
    }
  });
});

describe('rate limits behind a proxy (e2e)', () => {
  const ipLimit = { RATE_LIMIT_IP_PER_MINUTE: '1' };
  let trusted: TestApp;
  let direct: TestApp;

  beforeAll(async () => {
    const clock = new ManualClock(new Date('2026-11-24T12:00:00Z'));
    trusted = await createTestApp({
      label: 'ratelimitproxy',
      clock,
      env: { ...ipLimit, TRUST_PROXY: 'true' },
    });
    direct = await createTestApp({ isolation: trusted.isolation, clock, env: ipLimit });
  });

  afterAll(async () => {
    await direct.close();
    await trusted.close();
  });

  it('takes the client IP from X-Forwarded-For only when TRUST_PROXY trusts the proxy', async () => {
    const from = (t: TestApp, ip: string) => t.http.get('/api/v1/auth/whoami').set('X-Forwarded-For', ip);
    await from(trusted, '203.0.113.1').expect(401);
    await from(trusted, '203.0.113.1').expect(429);
    await from(trusted, '203.0.113.2').expect(401); // another client behind the same proxy

    await from(direct, '198.51.100.1').expect(401);
    await from(direct, '198.51.100.2').expect(429); // the header is ignored: both come from 127.0.0.1
  });
});
