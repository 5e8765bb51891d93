import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './services';

const ROOT = join(__dirname, '..', '..');

export interface LogLine {
  at: number;
  text: string;
}

/**
 * Pulse as operators run it: its own process (so it can be killed with -9), the built app when there is
 * one (`npm run build`), else the sources through the TypeScript loader of the benchmarks.
 */
export class PulseProcess {
  readonly lines: LogLine[] = [];
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<number> {
    const built = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
    const args = existsSync(built)
      ? [built]
      : ['-r', join(ROOT, 'bench', 'register.js'), join(ROOT, 'apps', 'api', 'src', 'main.ts')];
    const started = Date.now();
    this.child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop() ?? '';
        const at = Date.now();
        for (const text of parts) if (text.trim()) this.lines.push({ at, text });
      });
    }
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`Pulse exited during start:\n${this.tail()}`);
      // Ready, not just alive: PostgreSQL and Redis answer, as a load balancer would check.
      const ok = await fetch(`${this.base}/api/v1/health/ready`, { signal: AbortSignal.timeout(1000) })
        .then((res) => res.ok)
        .catch(() => false);
      if (ok) return Date.now() - started;
      await sleep(200);
    }
    throw new Error(`Pulse did not start within 120 s:\n${this.tail()}`);
  }

  /** kill -9: no shutdown hook runs, in-flight requests are cut. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  /** Lines at warn or error level written in [from, to). */
  problemLines(from: number, to: number): LogLine[] {
    return this.lines.filter(
      (line) => line.at >= from && line.at < to && /\b(WARN|ERROR|warn|error)\b/.test(line.text),
    );
  }

  tail(n = 30): string {
    return this.lines
      .slice(-n)
      .map((line) => line.text)
      .join('\n');
  }
}
