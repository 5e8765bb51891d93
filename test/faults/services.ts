import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** PostgreSQL refuses to run as root: run its binaries as the `postgres` user then. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** A throw-away PostgreSQL cluster (initdb in a temp dir) on a random port. */
export class PostgresServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'pulse-faults-pg-'));
  port = 0;
  private process: ChildProcess | null = null;

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) {
      chmodSync(this.dir, 0o700);
      chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
    }
    const [cmd, args] = asPostgres(join(PG_BIN, 'initdb'), [
      '-D',
      join(this.dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    execFileSync(cmd, args, { stdio: 'ignore' });
    this.port = await freePort();
    await this.start();
  }

  async start(): Promise<void> {
    const [cmd, args] = asPostgres(join(PG_BIN, 'postgres'), [
      '-D',
      join(this.dir, 'data'),
      '-p',
      String(this.port),
      '-k',
      this.dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=50',
      '-c',
      'shared_buffers=32MB',
      '-c',
      'fsync=off',
    ]);
    this.process = spawn(cmd, args, { stdio: 'ignore' });
    await until(() => this.ready(), 30_000, 'PostgreSQL start');
  }

  /** `pg_ctl stop -m fast`: sessions get 57P01 and the server is gone until start(). */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const [cmd, args] = asPostgres(join(PG_BIN, 'pg_ctl'), [
      'stop',
      '-m',
      'fast',
      '-D',
      join(this.dir, 'data'),
    ]);
    execFileSync(cmd, args, { stdio: 'ignore' });
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ready(): boolean {
    try {
      execFileSync(join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port)], {
        stdio: 'ignore',
      });
      return true;
    } catch {
      return false;
    }
  }
}

/** Its own redis-server on a random port, which can be stopped, restarted, frozen (SIGSTOP) and thawed. */
export class RedisServer {
  port = 0;
  private process: ChildProcess | null = null;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await until(() => this.ping(), 10_000, 'Redis start');
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  private ping(): boolean {
    try {
      return (
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim() === 'PONG'
      );
    } catch {
      return false;
    }
  }
}
