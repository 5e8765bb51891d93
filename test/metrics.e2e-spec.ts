import { Body, ConflictException, Controller, Get, Module, Param, Post, HttpCode, Res } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { ApiKeyService, Public } from '@app/auth';
import { AppConfig, Env } from '@app/config';
import { AppModule } from '../apps/api/src/app.module';
import { createAppFromModule } from '../apps/api/src/app.factory';
import { TestIsolation, cleanupIsolation, newIsolation, testConfig } from './utils/test-env';

class ProbeFailure extends Error {}

class ProbeItemDto {
  @IsString()
  @MaxLength(20)
  name!: string;
}

/** Routes that fail in each way the HTTP metrics must see, mounted beside the real app's routes. */
@Controller('probe')
class ProbeController {
  @Public()
  @Get('fail')
  fail(): never {
    throw new ProbeFailure('probe failed on purpose');
  }

  @Public()
  @Get('conflict')
  conflict(): never {
    throw new ConflictException('taken');
  }

  @Public()
  @Get('teapot')
  teapot(@Res() res: Response): void {
    res.status(418).json({ short: 'and stout' });
  }

  @Public()
  @Get('slow')
  async slow(): Promise<{ ok: true }> {
    await new Promise((resolve) => setTimeout(resolve, 150));
    return { ok: true };
  }

  @Public()
  @Post('items')
  @HttpCode(201)
  create(@Body() body: ProbeItemDto): ProbeItemDto {
    return body;
  }

  @Public()
  @Get('items/:id')
  item(@Param('id') id: string): { id: string } {
    return { id };
  }

  /** No policy: the global guard requires an admin key. */
  @Get('admin')
  admin(): { ok: true } {
    return { ok: true };
  }
}

interface ProbeApp {
  app: NestExpressApplication;
  config: AppConfig;
  isolation: TestIsolation;
  http: ReturnType<typeof request>;
  baseUrl: string;
  close(): Promise<void>;
}

async function startProbeApp(label: string, env: Env = {}): Promise<ProbeApp> {
  const isolation = newIsolation(label);
  const config = testConfig(isolation, env);
  @Module({ imports: [AppModule.forRoot(config)], controllers: [ProbeController] })
  class ProbeAppModule {}
  const app = await createAppFromModule(ProbeAppModule, config);
  await app.listen(0, '127.0.0.1');
  // fetch keeps connections alive for 4 s; a server that closes idle ones first can reset a reused one.
  (app.getHttpServer() as { keepAliveTimeout: number }).keepAliveTimeout = 60_000;
  const baseUrl = await app.getUrl();
  return {
    app,
    config,
    isolation,
    http: request(baseUrl),
    baseUrl,
    close: async () => {
      await app.close();
      await cleanupIsolation(isolation);
    },
  };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text exposition format (only what prom-client writes: no timestamps). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2];
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples of `name` whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('Prometheus metrics of every request (e2e)', () => {
  const METRICS_TOKEN = 'metrics-token-for-e2e-0123456789';
  let t: ProbeApp;
  let guarded: ProbeApp;

  beforeAll(async () => {
    t = await startProbeApp('metrics');
    guarded = await startProbeApp('metricstoken', { METRICS_TOKEN });
  });

  afterAll(async () => {
    await t?.close();
    await guarded?.close();
  });

  /** One scrape. Both apps live in this process and share prom-client's registry. */
  async function scrape(): Promise<Sample[]> {
    const res = await t.http.get('/metrics').expect(200);
    return parseExposition(res.text);
  }

  /**
   * Sends one request between two scrapes and proves it was counted exactly once, under the expected
   * labels, in all three HTTP metrics; nothing else moved except the first scrape's own count.
   */
  async function expectCountedOnce(
    send: () => PromiseLike<{ status: number }>,
    expected: { method: string; route: string; status: number; errorType?: string },
  ): Promise<void> {
    const before = await scrape();
    const res = await send();
    expect(res.status).toBe(expected.status);
    const after = await scrape();
    const series = { method: expected.method, route: expected.route, status_code: String(expected.status) };
    const delta = (name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);
    const scrapeSeries = { method: 'GET', route: '/metrics', status_code: '200' };

    expect(delta('http_requests_total', series)).toBe(1);
    expect(delta('http_request_duration_seconds_count', series)).toBe(1);
    // Nothing else moved but the first scrape, counted once when its response finished.
    expect(delta('http_requests_total', scrapeSeries)).toBe(1);
    expect(delta('http_requests_total')).toBe(2);
    expect(delta('http_request_duration_seconds_count')).toBe(2);
    if (expected.errorType) {
      const errorSeries = { method: expected.method, route: expected.route, error_type: expected.errorType };
      expect(delta('http_request_errors_total', errorSeries)).toBe(1);
    }
    expect(delta('http_request_errors_total')).toBe(expected.errorType ? 1 : 0);
  }

  it('serves the text format with default, saturation and business metrics', async () => {
    await t.http.get('/api/v1/health').expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    for (const name of [
      'http_request_duration_seconds',
      'http_requests_total',
      'http_request_errors_total',
      'process_cpu_usage_percent',
      'process_memory_usage_bytes',
      'nodejs_eventloop_lag_seconds',
      'process_cpu_user_seconds_total',
      'database_connections_active',
      'database_connections_max',
      'db_query_duration_seconds',
      'feedback_submitted_total',
      'scheduled_job_runs_total',
    ]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
    expect(res.text).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/health",status_code="200"}',
    );
  });

  it("starts every labelled business counter and each route's 5xx at 0, so first increments count", async () => {
    const samples = parseExposition((await t.http.get('/metrics').expect(200)).text);
    const at0 = (name: string, labels: Record<string, string>) =>
      expect(
        samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)),
      ).toMatchObject({ value: 0 });
    at0('http_requests_total', { method: 'POST', route: '/api/v1/feedback', status_code: '500' });
    at0('http_requests_total', { method: 'GET', route: '/api/v1/admin/alerts/:id', status_code: '500' });
    at0('user_registrations_total', { source: 'organic' });
    at0('user_registrations_total', { source: 'other' });
    at0('user_logins_total', { method: 'password' });
    at0('conversion_funnel_total', { step: 'click_signup' });
    at0('nps_responses_total', { category: 'detractor' });
    at0('feedback_submitted_total', { type: 'bug', sentiment: 'negative' });
    at0('outbox_deliveries_total', { channel: 'slack', result: 'dead' });
    expect(total(samples, 'process_heap_limit_bytes')).toBeGreaterThan(
      total(samples, 'process_memory_usage_bytes'),
    );
  });

  it('counts a success once', async () => {
    await expectCountedOnce(() => t.http.get('/api/v1/health'), {
      method: 'GET',
      route: '/api/v1/health',
      status: 200,
    });
  });

  it('labels a parameterised route with its template', async () => {
    await expectCountedOnce(() => t.http.get('/api/v1/probe/items/42'), {
      method: 'GET',
      route: '/api/v1/probe/items/:id',
      status: 200,
    });
  });

  it('counts a thrown exception once, labelled with its class', async () => {
    await expectCountedOnce(() => t.http.get('/api/v1/probe/fail'), {
      method: 'GET',
      route: '/api/v1/probe/fail',
      status: 500,
      errorType: 'ProbeFailure',
    });
    await expectCountedOnce(() => t.http.get('/api/v1/probe/conflict'), {
      method: 'GET',
      route: '/api/v1/probe/conflict',
      status: 409,
      errorType: 'ConflictException',
    });
  });

  it('counts an error status set without an exception as HttpError4xx', async () => {
    await expectCountedOnce(() => t.http.get('/api/v1/probe/teapot'), {
      method: 'GET',
      route: '/api/v1/probe/teapot',
      status: 418,
      errorType: 'HttpError4xx',
    });
  });

  it('counts a validation failure once', async () => {
    await expectCountedOnce(() => t.http.post('/api/v1/probe/items').send({ name: 5, extra: true }), {
      method: 'POST',
      route: '/api/v1/probe/items',
      status: 400,
      errorType: 'BadRequestException',
    });
  });

  it("counts a guard's 401 and 403 once", async () => {
    await expectCountedOnce(() => t.http.get('/api/v1/probe/admin'), {
      method: 'GET',
      route: '/api/v1/probe/admin',
      status: 401,
      errorType: 'UnauthorizedException',
    });
    const ingest = await t.app.get(ApiKeyService).create({ name: 'metrics-ingest', role: 'ingest' });
    await expectCountedOnce(
      () => t.http.get('/api/v1/probe/admin').set('Authorization', `Bearer ${ingest.key}`),
      { method: 'GET', route: '/api/v1/probe/admin', status: 403, errorType: 'ForbiddenException' },
    );
  });

  it('counts a 404 for an unknown route once, as UNMATCHED', async () => {
    await expectCountedOnce(() => t.http.get('/api/v1/no/such/route'), {
      method: 'GET',
      route: 'UNMATCHED',
      status: 404,
      errorType: 'NotFoundException',
    });
  });

  it('counts a malformed JSON body once', async () => {
    await expectCountedOnce(
      () => t.http.post('/api/v1/probe/items').set('Content-Type', 'application/json').send('{"name": '),
      { method: 'POST', route: 'UNMATCHED', status: 400, errorType: 'BadRequestException' },
    );
  });

  it('counts a body over the size limit once', async () => {
    await expectCountedOnce(
      () =>
        t.http
          .post('/api/v1/health')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ big: 'x'.repeat(200 * 1024) })),
      { method: 'POST', route: 'UNMATCHED', status: 413, errorType: 'PayloadTooLargeException' },
    );
  });

  it('times the whole handling with the fine and the classic buckets', async () => {
    const series = { method: 'GET', route: '/api/v1/probe/slow', status_code: '200' };
    const before = await scrape();
    await t.http.get('/api/v1/probe/slow').expect(200);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      total(after, name, { ...series, ...labels }) - total(before, name, { ...series, ...labels });
    expect(delta('http_request_duration_seconds_sum', {})).toBeGreaterThanOrEqual(0.14);
    expect(delta('http_request_duration_seconds_bucket', { le: '0.1' })).toBe(0);
    expect(delta('http_request_duration_seconds_bucket', { le: '0.3' })).toBe(1);
    const les = after
      .filter((s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.route === series.route)
      .map((s) => s.labels.le);
    expect(les).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.3',
      '0.5',
      '0.7',
      '1',
      '3',
      '5',
      '7',
      '10',
      '+Inf',
    ]);
  });

  it('adds only a handful of series for 10,000 random paths', async () => {
    const seriesOf = (samples: Sample[]) =>
      new Set(
        samples
          .filter((s) => s.name.startsWith('http_'))
          .map((s) => {
            const { le: _le, ...labels } = s.labels;
            return `${s.name.replace(/_(bucket|sum|count)$/, '')}${JSON.stringify(labels)}`;
          }),
      );
    const before = seriesOf(await scrape());
    const paths = Array.from({ length: 10_000 }, (_, i) => {
      const random = randomBytes(8).toString('hex');
      return i % 2 === 0 ? `/api/v1/${random}/${i}?q=${random}` : `/api/v1/probe/items/${random}`;
    });
    const statuses = new Set<number>();
    for (let i = 0; i < paths.length; i += 50) {
      const batch = paths.slice(i, i + 50).map(async (path) => {
        const res = await fetch(`${t.baseUrl}${path}`);
        await res.arrayBuffer();
        statuses.add(res.status);
      });
      await Promise.all(batch);
    }
    expect([...statuses].sort()).toEqual([200, 404]);
    const added = [...seriesOf(await scrape())].filter((series) => !before.has(series));
    expect(added.length).toBeLessThanOrEqual(5);
    expect(added.join('\n')).not.toMatch(/[0-9a-f]{16}/);
  }, 180_000);

  it('reports the real pool and times every query by operation', async () => {
    const before = await scrape();
    await t.app.get(ApiKeyService).create({ name: 'metrics-db', role: 'ingest' }); // INSERT
    await t.app.get(ApiKeyService).list(); // SELECT
    const after = await scrape();
    const delta = (operation: string) =>
      total(after, 'db_query_duration_seconds_count', { operation }) -
      total(before, 'db_query_duration_seconds_count', { operation });
    expect(delta('INSERT')).toBeGreaterThanOrEqual(1);
    expect(delta('SELECT')).toBeGreaterThanOrEqual(1);
    expect(total(after, 'database_connections_max')).toBe(
      t.config.database.poolSize + guarded.config.database.poolSize,
    );
    const active = total(after, 'database_connections_active');
    expect(active).toBeGreaterThanOrEqual(0);
    expect(active).toBeLessThanOrEqual(total(after, 'database_connections_max'));
    expect(total(after, 'process_memory_usage_bytes')).toBeGreaterThan(1_000_000);
    expect(total(after, 'process_cpu_usage_percent')).toBeGreaterThanOrEqual(0);
  });

  describe('with METRICS_TOKEN', () => {
    it('answers 401 JSON without the bearer token, and counts it once', async () => {
      await expectCountedOnce(() => guarded.http.get('/metrics'), {
        method: 'GET',
        route: '/metrics',
        status: 401,
        errorType: 'UnauthorizedException',
      });
      const res = await guarded.http
        .get('/metrics')
        .set('Authorization', 'Bearer not-the-token-at-all-000000')
        .set('X-Request-Id', 'metrics-401')
        .expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', requestId: 'metrics-401' });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    });

    it('serves the metrics with the right token', async () => {
      const res = await guarded.http
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200);
      expect(res.text).toContain('# TYPE http_requests_total counter');
    });
  });
});
