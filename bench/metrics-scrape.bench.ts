/**
 * Cost of a Prometheus scrape: `node -r ./bench/register.js bench/metrics-scrape.bench.ts`
 *
 * A child process serves Pulse's metrics module (its real `/metrics` controller, default and saturation
 * metrics included) with 1,000 distinct HTTP label sets recorded (200 route templates × 5 status codes;
 * the 4xx/5xx ones also label http_request_errors_total). This process scrapes it over loopback as
 * Prometheus would and times each scrape to the last byte. Before every scrape the child records one
 * more request on a share of the label sets (the churn: 0 %, 50 %, 100 %), outside the timed part, so
 * that scrapes see as many changed series as real traffic would produce between two scrapes. The same
 * registry through prom-client's own `register.metrics()` is timed for comparison.
 * Target: median under 25 ms, with every label set changed. Settings: BENCH_LABEL_SETS (1000), BENCH_SCRAPES (40).
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ChildProcess, fork } from 'node:child_process';
import { Agent, IncomingMessage, ServerResponse, get } from 'node:http';
import { join } from 'node:path';
import { register } from 'prom-client';
import { ConfigModule, loadConfig } from '@app/config';
import { HttpMetrics, MetricsModule } from '@app/metrics';

const LABEL_SETS = Number(process.env.BENCH_LABEL_SETS ?? 1000);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 40);
const STATUSES = [200, 201, 400, 404, 500];
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];

/** Child: the metrics module with the label sets recorded; answers `/metrics`, or `/prom-client`. */
async function serve(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'production' });
  @Module({ imports: [ConfigModule.forConfig(config), MetricsModule] })
  class ScrapeBenchModule {}
  const app = await NestFactory.create<NestExpressApplication>(ScrapeBenchModule, { logger: false });
  const metrics = app.get(HttpMetrics);
  let tick = 0;
  const request = (i: number) => {
    const statusCode = STATUSES[i % STATUSES.length];
    const errorType =
      statusCode >= 500 ? 'HttpError5xx' : statusCode >= 400 ? 'BadRequestException' : undefined;
    const route = `/api/v1/resource-${Math.floor(i / STATUSES.length)}/:id`;
    metrics.record({ method: 'GET', route, statusCode, seconds: 0.002 * ((i + tick++) % 50), errorType });
  };
  for (let i = 0; i < LABEL_SETS; i++) for (let n = 0; n < 3; n++) request(i);
  // The same registry through prom-client's own exposition, to compare.
  app.use('/prom-client', (_req: IncomingMessage, res: ServerResponse) => {
    void register.metrics().then((text) => res.end(text));
  });
  await app.listen(0, '127.0.0.1');
  process.on('message', (message: { churn: number }) => {
    let offset = Math.floor(Math.random() * LABEL_SETS);
    for (let n = 0; n < Math.round(message.churn * LABEL_SETS); n++) request(offset++ % LABEL_SETS);
    process.send!({ churned: true });
  });
  process.send!({ port: (app.getHttpServer().address() as { port: number }).port });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

function ask<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (answer: T) => resolve(answer));
    child.send(message);
  });
}

function scrape(agent: Agent, url: string): Promise<{ ms: number; body: Buffer }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ ms: performance.now() - started, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const child = fork(__filename, ['serve'], { execArgv: ['-r', join(__dirname, 'register.js')] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const measure = async (path: string, churn: number) => {
      const url = `http://127.0.0.1:${port}${path}`;
      const times: number[] = [];
      let body: Buffer = Buffer.alloc(0);
      for (let i = 0; i < SCRAPES + 5; i++) {
        await ask(child, { churn });
        const result = await scrape(agent, url);
        if (i >= 5) times.push(result.ms); // the first five warm up
        body = result.body;
      }
      return { median: quantile(times, 0.5), p95: quantile(times, 0.95), body };
    };
    const report = (name: string, r: { median: number; p95: number }) =>
      console.log(`${name.padEnd(44)} median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);

    const first = await measure('/metrics', 1);
    const samples = first.body
      .toString('utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#')).length;
    console.log(
      `/metrics with ${LABEL_SETS} HTTP label sets: ${samples} samples, ${(first.body.length / 1024).toFixed(0)} KiB, ${SCRAPES} scrapes each`,
    );
    report('Pulse /metrics, 100 % of label sets changed', first);
    const half = await measure('/metrics', 0.5);
    report('Pulse /metrics, 50 % changed', half);
    report('Pulse /metrics, none changed', await measure('/metrics', 0));
    report('prom-client register.metrics(), 50 % changed', await measure('/prom-client', 0.5));
    console.log(
      `target: median < 25 ms with every label set changed: ${first.median < 25 ? 'met' : 'NOT met'}`,
    );
  } finally {
    agent.destroy();
    child.disconnect();
  }
}

if (process.argv[2] === 'serve') {
  void serve();
} else {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
