import { Body, Controller, Get, Injectable, Logger, Module, Post } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { IsObject } from 'class-validator';
import { Optional } from '@app/validation';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import * as winston from 'winston';
import { ApiKeyService, Public } from '@app/auth';
import { AppConfig, Env } from '@app/config';
import {
  BatchedStreamTransport,
  CollectorTransport,
  WINSTON_MODULE_PROVIDER,
  flushWinstonLogger,
} from '@app/logging';
import { AppModule } from '../apps/api/src/app.module';
import { createAppFromModule } from '../apps/api/src/app.factory';
import { TestIsolation, cleanupIsolation, newIsolation, testConfig } from './utils/test-env';

/** Secrets in every shape the redaction must catch; none may reach any log output. */
const SECRETS = {
  password: 'hunter2-correct-horse',
  deepToken: 'tok-3c9e1f0b7a55d2',
  bearer: 'abcdef0123456789bearer',
  cookie: 's3cr3t-cookie-value-77',
  apiKey: `pk_${'Q'.repeat(20)}secretpart${'z'.repeat(12)}`,
  webhook: 'https://hooks.slack.com/services/T000/B000/XXXXWEBHOOKSECRET',
  dbPassword: 'dbpass-secret-99',
  arraySecret: 'array-secret-value-31',
  errorPassword: 'hunter3-in-an-error',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNlY3JldA',
};

class ProbeFailure extends Error {}

class ProbeBodyDto {
  @Optional()
  @IsObject()
  data?: Record<string, unknown>;
}

/** A service that logs around a database round trip, without being handed the request id. */
@Injectable()
class ProbeService {
  private readonly logger = new Logger(ProbeService.name);

  constructor(private readonly dataSource: DataSource) {}

  async work(data: Record<string, unknown> | undefined): Promise<void> {
    this.logger.log({ message: 'work started', password: SECRETS.password, data });
    await this.dataSource.query('SELECT 1');
    this.logger.warn({
      message: `after the database, called with Bearer ${SECRETS.bearer} and key ${SECRETS.apiKey}`,
      request: { headers: { authorization: `Bearer ${SECRETS.bearer}`, cookie: SECRETS.cookie } },
      nested: { a: { b: { c: { d: { token: SECRETS.deepToken } } } } },
      target: SECRETS.webhook,
      databaseUrl: `postgresql://pulse:${SECRETS.dbPassword}@db:5432/pulse`,
      list: [{ secret: SECRETS.arraySecret }, `jwt ${SECRETS.jwt}`],
    });
  }
}

@Controller('log-probe')
class LogProbeController {
  constructor(private readonly probe: ProbeService) {}

  @Public()
  @Post('work')
  async work(@Body() body: ProbeBodyDto): Promise<{ ok: true }> {
    await this.probe.work(body.data);
    return { ok: true };
  }

  @Public()
  @Get('fail')
  fail(): never {
    throw new ProbeFailure(`login failed for password=${SECRETS.errorPassword}`);
  }
}

interface LoggingApp {
  app: NestExpressApplication;
  config: AppConfig;
  isolation: TestIsolation;
  logDir: string;
  http: ReturnType<typeof request>;
  winston: winston.Logger;
  /** What the console printed while the app started. */
  bootstrapStdout: string[];
  /** What the console transport was given to print afterwards (it prints nothing during the test). */
  console: string[];
  close(): Promise<void>;
}

async function startLoggingApp(label: string, env: Env): Promise<LoggingApp> {
  const isolation = newIsolation(label);
  const logDir = mkdtempSync(join(tmpdir(), 'pulse-logging-e2e-'));
  const config = testConfig(isolation, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LOG_DIR: logDir,
    ...env,
  });
  @Module({
    imports: [AppModule.forRoot(config)],
    controllers: [LogProbeController],
    providers: [ProbeService],
  })
  class LoggingProbeModule {}
  // The console prints JSON lines in production: keep the bootstrap lines out of the test output.
  const stdout: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0;
  let app: NestExpressApplication;
  try {
    app = await createAppFromModule(LoggingProbeModule, config);
    await app.init();
    flushWinstonLogger(app.get<winston.Logger>(WINSTON_MODULE_PROVIDER)); // the console writes in batches
  } finally {
    process.stdout.write = write;
  }
  const logger = app.get<winston.Logger>(WINSTON_MODULE_PROVIDER);
  const printed: string[] = [];
  const consoleTransport = logger.transports.find((t) => t instanceof BatchedStreamTransport)!;
  consoleTransport.log = (info: Record<string | symbol, unknown>, next: () => void) => {
    printed.push(String(info[Symbol.for('message')]));
    next();
  };
  return {
    app,
    config,
    isolation,
    logDir,
    http: request(app.getHttpServer()),
    winston: logger,
    bootstrapStdout: stdout,
    console: printed,
    close: async () => {
      await app.close();
      await cleanupIsolation(isolation);
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/** Lines of a log file (through its `<name>.log` symlink), waiting until `until` holds. */
async function readLines(path: string, until: (lines: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    let lines: string[] = [];
    try {
      lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    } catch {
      // not created yet
    }
    if (until(lines) || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type LogLine = Record<string, unknown> & { requestId?: string; context?: string; message?: string };
const parse = (lines: string[]): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);

describe('structured logging (e2e)', () => {
  let collector: Server;
  const received: string[] = [];
  let t: LoggingApp;

  beforeAll(async () => {
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    t = await startLoggingApp('logging', { LOG_COLLECTOR_URL: `http://127.0.0.1:${port}/ingest` });
  });

  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => collector.close(resolve));
  });

  it('writes JSON lines from the first line of bootstrap on', async () => {
    const lines = parse(await readLines(join(t.logDir, 'combined.log'), (l) => l.length > 0));
    expect(lines[0]).toMatchObject({
      level: 'info',
      message: 'Starting Nest application...',
      service: 'pulse',
      environment: 'production',
      context: 'NestFactory',
    });
    expect(Object.keys(lines[0]).slice(0, 3)).toEqual(['timestamp', 'level', 'message']);
    expect(new Date(lines[0].timestamp as string).toISOString()).toBe(lines[0].timestamp);
    // The production console prints the same JSON lines.
    const printed = t.bootstrapStdout.join('').split('\n').filter(Boolean);
    expect(printed.length).toBeGreaterThan(0);
    expect(parse(printed)[0]).toMatchObject({ message: 'Starting Nest application...', service: 'pulse' });
  });

  it('follows the request id through services and the database, and echoes it', async () => {
    const res = await t.http
      .post('/api/v1/log-probe/work')
      .set('X-Request-Id', 'log-e2e-work')
      .send({ data: { note: 'hello' } })
      .expect(201);
    expect(res.headers['x-request-id']).toBe('log-e2e-work');
    const lines = parse(
      await readLines(join(t.logDir, 'combined.log'), (l) =>
        l.some((line) => line.includes('"context":"AccessLog"') && line.includes('log-e2e-work')),
      ),
    ).filter((line) => line.requestId === 'log-e2e-work');
    expect(lines.map((line) => line.context)).toEqual(['ProbeService', 'ProbeService', 'AccessLog']);
    expect(lines[1]).toMatchObject({ level: 'warn' });
    const warn = parse(await readLines(join(t.logDir, 'warn.log'), (l) => l.length > 0));
    expect(warn.map((line) => line.requestId)).toContain('log-e2e-work');
  });

  it('writes one access-log line per request with route, status, duration, ip, agent and key', async () => {
    const key = await t.app.get(ApiKeyService).create({ name: 'access-log', role: 'ingest' });
    await t.http
      .get('/api/v1/auth/whoami')
      .set('X-Request-Id', 'log-e2e-access')
      .set('User-Agent', 'pulse-e2e/1.0')
      .set('Authorization', `Bearer ${key.key}`)
      .expect(200);
    await t.http.get('/api/v1/nope/123').set('X-Request-Id', 'log-e2e-404').expect(404);
    const lines = parse(
      await readLines(join(t.logDir, 'combined.log'), (l) => l.some((line) => line.includes('log-e2e-404'))),
    ).filter((line) => line.context === 'AccessLog');
    const ok = lines.filter((line) => line.requestId === 'log-e2e-access');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({
      level: 'info',
      message: expect.stringMatching(/^GET \/api\/v1\/auth\/whoami 200 [\d.]+ms$/),
      method: 'GET',
      route: '/api/v1/auth/whoami',
      status: 200,
      ip: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'pulse-e2e/1.0',
      apiKeyId: key.id,
    });
    expect(typeof ok[0].durationMs).toBe('number');
    const notFound = lines.filter((line) => line.requestId === 'log-e2e-404');
    expect(notFound).toHaveLength(1);
    expect(notFound[0]).toMatchObject({ route: 'UNMATCHED', status: 404 });
  });

  it('logs errors with error.message and error.stack as fields, in error.log too', async () => {
    await t.http.get('/api/v1/log-probe/fail').set('X-Request-Id', 'log-e2e-fail').expect(500);
    const errors = parse(
      await readLines(join(t.logDir, 'error.log'), (l) => l.some((line) => line.includes('log-e2e-fail'))),
    ).filter((line) => line.requestId === 'log-e2e-fail');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      level: 'error',
      context: 'HttpExceptionFilter',
      message: 'GET /api/v1/log-probe/fail failed with 500',
      error: {
        name: 'ProbeFailure',
        message: 'login failed for password=[REDACTED]',
        stack: expect.stringContaining('at LogProbeController.fail'),
      },
    });
  });

  it('redacts secrets at any depth in every transport: console, files and collector', async () => {
    await t.http
      .post('/api/v1/log-probe/work')
      .set('X-Request-Id', 'log-e2e-secrets')
      .set('Authorization', `Bearer ${SECRETS.bearer}`)
      .send({ data: { apiKey: SECRETS.apiKey, profile: { password: SECRETS.password } } })
      .expect(201);
    await t.http.get('/api/v1/log-probe/fail').expect(500);
    const combined = await readLines(join(t.logDir, 'combined.log'), (l) =>
      l.some((line) => line.includes('log-e2e-secrets') && line.includes('AccessLog')),
    );
    const errors = await readLines(join(t.logDir, 'error.log'), (l) => l.length >= 2);
    const warnings = await readLines(join(t.logDir, 'warn.log'), (l) => l.length >= 2);
    await t.winston.transports.find((x): x is CollectorTransport => x instanceof CollectorTransport)!.flush();
    const outputs = {
      console: t.console.join('\n'),
      combined: combined.join('\n'),
      error: errors.join('\n'),
      warn: warnings.join('\n'),
      collector: received.join(''),
    };
    for (const [transport, output] of Object.entries(outputs)) {
      expect({ transport, redacted: output.includes('[REDACTED]') }).toEqual({ transport, redacted: true });
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect({ transport, name, leaked: output.includes(secret) }).toEqual({
          transport,
          name,
          leaked: false,
        });
      }
    }
    // The secrets were there to leak: the lines carrying them exist in every output.
    for (const output of [outputs.console, outputs.combined, outputs.collector]) {
      expect(output).toContain('log-e2e-secrets');
      expect(output).toContain('after the database, called with Bearer [REDACTED] and key [REDACTED]');
    }
  });
});

describe('a log collector that is down (e2e)', () => {
  let t: LoggingApp;

  beforeAll(async () => {
    // A port nobody listens on: connections are refused at once.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    t = await startLoggingApp('logdown', { LOG_COLLECTOR_URL: `http://127.0.0.1:${port}/ingest` });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('leaves the app unaffected and the files complete', async () => {
    const collector = t.winston.transports.find(
      (x): x is CollectorTransport => x instanceof CollectorTransport,
    )!;
    for (let i = 0; i < 20; i++) {
      await t.http.get('/api/v1/health').set('X-Request-Id', `down-${i}`).expect(200);
    }
    await collector.flush();
    expect(collector.dropped).toBeGreaterThan(0);
    const lines = await readLines(join(t.logDir, 'combined.log'), (l) =>
      l.some((x) => x.includes('down-19')),
    );
    expect(
      lines.filter((line) => line.includes('"context":"AccessLog"') && line.includes('down-')),
    ).toHaveLength(20);
  });
});
