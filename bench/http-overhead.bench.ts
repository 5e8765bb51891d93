/**
 * Cost of the HTTP instrumentation: `node -r ./bench/register.js bench/http-overhead.bench.ts`
 *
 * Runs the same small Nest app twice, in two child processes: plain, and instrumented (the response
 * hook of apps/api: Prometheus golden signals + one access-log line per request, at info, to the
 * daily-rotated files under a temporary LOG_DIR; no console). autocannon loads them in interleaved
 * rounds (ABBA order, so drift and a noisy neighbour hit both alike) and prints req/s and p99 for each
 * round, the medians, and instrumented/plain throughput (the median of the paired rounds' ratios).
 * Each trial starts a fresh pair of processes. Target: ratio >= 0.90.
 * Settings: BENCH_TRIALS (3), BENCH_ROUNDS (4 per trial), BENCH_SECONDS (5), BENCH_CONNECTIONS (10).
 */
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigModule, loadConfig } from '@app/config';
import { AccessLogger, closeWinstonLogger, createWinstonLogger } from '@app/logging';
import { HttpMetrics, MetricsModule } from '@app/metrics';
import { ResponseObserver } from '../apps/api/src/http/response-observer';

type Variant = 'plain' | 'instrumented';
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TRIALS = env('BENCH_TRIALS', 3);
const ROUNDS = env('BENCH_ROUNDS', 4);
const SECONDS = env('BENCH_SECONDS', 5);
const CONNECTIONS = env('BENCH_CONNECTIONS', 10);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

@Controller('items')
class ItemsController {
  @Get(':id')
  item(@Param('id') id: string) {
    return { id, name: `item ${id}`, tags: ['a', 'b'], price: 12.5 };
  }
}

/** Child process: serves one variant on an ephemeral port and reports it to the parent. */
async function serve(variant: Variant, logDir: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'info', LOG_DIR: logDir });
  @Module({ imports: [ConfigModule.forConfig(config), MetricsModule], controllers: [ItemsController] })
  class BenchModule {}
  const app = await NestFactory.create<NestExpressApplication>(BenchModule, { logger: false });
  const logger = variant === 'instrumented' ? createWinstonLogger(config, { console: false }) : undefined;
  if (logger) app.use(new ResponseObserver(app.get(HttpMetrics), new AccessLogger(logger)).middleware);
  await app.listen(0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as { port: number }).port });
  // CPU time used so far, on request: CPU per request does not depend on how busy the machine is.
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  });
  process.on('disconnect', () => {
    void app.close().then(() => {
      if (logger) closeWinstonLogger(logger);
      process.exit(0);
    });
  });
}

interface Server {
  child: ChildProcess;
  url: string;
}

function cpuMicros(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
    server.child.send('cpu');
  });
}

async function start(variant: Variant, logDir: string): Promise<Server> {
  const child = fork(__filename, ['serve', variant, logDir], {
    execArgv: ['-r', join(__dirname, 'register.js')],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/items/42` };
}

interface RoundResult {
  rps: number;
  p99: number;
  /** Server CPU time per request, in microseconds. */
  cpu: number;
}

async function load(server: Server, seconds: number): Promise<RoundResult> {
  const cpuBefore = await cpuMicros(server);
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds });
  const cpuAfter = await cpuMicros(server);
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${server.url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  }
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    cpu: (cpuAfter - cpuBefore) / result.requests.total,
  };
}

async function main(): Promise<void> {
  const logDir = mkdtempSync(join(tmpdir(), 'pulse-bench-http-'));
  console.log(
    `HTTP instrumentation overhead: ${TRIALS} trials (fresh processes) × ${ROUNDS} rounds × ${SECONDS} s per variant, ` +
      `${CONNECTIONS} connections, GET /items/:id`,
  );
  const results: Record<Variant, RoundResult[]> = { plain: [], instrumented: [] };
  const ratios: number[] = [];
  try {
    for (let trial = 1; trial <= TRIALS; trial++) {
      // New processes per trial: a process's JIT and memory layout shift its speed by a few percent
      // for its whole life, which rounds within one pair of processes cannot average out.
      const servers = {
        plain: await start('plain', join(logDir, `plain-${trial}`)),
        instrumented: await start('instrumented', join(logDir, `instrumented-${trial}`)),
      };
      try {
        for (const variant of ['plain', 'instrumented'] as const) await load(servers[variant], 2); // warm-up
        for (let round = 1; round <= ROUNDS; round++) {
          const order: Variant[] = round % 2 === 1 ? ['plain', 'instrumented'] : ['instrumented', 'plain'];
          const pair = {} as Record<Variant, RoundResult>;
          for (const variant of order) pair[variant] = await load(servers[variant], SECONDS);
          const { plain: p, instrumented: i } = pair;
          results.plain.push(p);
          results.instrumented.push(i);
          ratios.push(i.rps / p.rps);
          console.log(
            `trial ${trial} round ${round}: plain ${p.rps.toFixed(0)} req/s p99 ${p.p99} ms ${p.cpu.toFixed(0)} µs CPU/req | ` +
              `instrumented ${i.rps.toFixed(0)} req/s p99 ${i.p99} ms ${i.cpu.toFixed(0)} µs CPU/req | ratio ${(i.rps / p.rps).toFixed(3)}`,
          );
        }
      } finally {
        await stop(Object.values(servers));
      }
    }
    const summary = (variant: Variant) => ({
      rps: median(results[variant].map((r) => r.rps)),
      p99: median(results[variant].map((r) => r.p99)),
      cpu: median(results[variant].map((r) => r.cpu)),
    });
    const plain = summary('plain');
    const instrumented = summary('instrumented');
    const ratio = median(ratios);
    const logged = readdirSync(logDir)
      .filter((name) => name.startsWith('instrumented-'))
      .flatMap((dir) =>
        readdirSync(join(logDir, dir))
          .filter((name) => name.startsWith('combined-'))
          .map((name) => statSync(join(logDir, dir, name)).size),
      )
      .reduce((total, bytes) => total + bytes, 0);
    const line = (name: string, r: typeof plain) =>
      console.log(
        `${name.padEnd(13)} median ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, ${r.cpu.toFixed(0)} µs server CPU per request`,
      );
    line('plain', plain);
    line('instrumented', instrumented);
    console.log(`access log written: ${(logged / 1024 / 1024).toFixed(1)} MiB`);
    console.log(
      `instrumentation cost: ${(instrumented.cpu - plain.cpu).toFixed(1)} µs CPU per request; ` +
        `CPU-per-request ratio plain/instrumented ${(plain.cpu / instrumented.cpu).toFixed(3)}`,
    );
    console.log(
      `ratio (instrumented / plain throughput), median of ${ratios.length} paired rounds: ${ratio.toFixed(3)} ` +
        `(${(instrumented.rps / plain.rps).toFixed(3)} of medians; target >= 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'})`,
    );
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

async function stop(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.disconnect();
        }),
    ),
  );
}

if (process.argv[2] === 'serve') {
  void serve(process.argv[3] as Variant, process.argv[4]);
} else {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
