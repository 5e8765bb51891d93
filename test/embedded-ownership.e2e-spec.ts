import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  ServerProcess,
  embeddedEnv,
  freePort,
  runCli,
  runServerToExit,
  startServer,
  tempDataDir,
} from './utils/pulse-process';

/**
 * The embedded default as a first-time user runs it: real processes (server and CLI) on one DATA_DIR.
 * One process owns the engines; every other one uses them, so nothing written is lost or invisible.
 */
jest.setTimeout(600_000);

const KEY_LINE = /Admin API key created on first start .*: (pk_\S+)/;

async function get(server: ServerProcess, path: string, key: string) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('embedded engines: one owner per DATA_DIR', () => {
  const dataDir = tempDataDir();
  const env = embeddedEnv(dataDir, { NPS_LINK_SECRET: 'n'.repeat(32) });
  let server: ServerProcess;
  let firstKey: string;

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('first start creates an admin key, prints it once and keeps it in DATA_DIR for the owner only', async () => {
    server = await startServer(env);
    const match = KEY_LINE.exec(server.output());
    expect(match).not.toBeNull();
    firstKey = match![1];
    const file = join(dataDir, 'admin-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(firstKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(server.output().match(/pk_/g)).toHaveLength(1); // the key appears once, nowhere else
    await expect(get(server, '/auth/whoami', firstKey)).resolves.toMatchObject({
      status: 200,
      body: { role: 'admin' },
    });
    // No colours when stdout is not a terminal.
    expect(server.output()).not.toContain('\x1b[');
  });

  it('a key created by the CLI while the server runs works at once; keys made over HTTP show in the CLI', async () => {
    const created = await runCli(['create-api-key', '--role', 'admin', '--name', 'from-cli'], env);
    expect(created).toMatchObject({ code: 0 });
    expect(created.stderr).toMatch(/Using the embedded engines of server on port \d+/);
    const key = created.stdout.trim().split('\n').pop()!;
    await expect(get(server, '/auth/whoami', key)).resolves.toMatchObject({ status: 200 });

    const overHttp = await fetch(`${server.url}/api/v1/admin/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${firstKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from-http', role: 'ingest' }),
    });
    expect(overHttp.status).toBe(201);
    const listed = await runCli(['list-api-keys'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('from-http');
    expect(listed.stdout).toContain('from-cli');

    // With PUBLIC_BASE_URL unset, the CLI's links point where the running server answers.
    const links = await runCli(['nps-link', '--user', 'u-1'], env);
    expect(links.code).toBe(0);
    expect(links.stdout).toContain(`10\thttp://localhost:${server.port}/api/v1/nps?token=`);
  });

  it('seed-demo while the server runs: the server reports its data at once, and it survives a restart', async () => {
    const seeded = await runCli(['seed-demo', '--users', '200', '--days', '3'], env);
    expect(seeded.code).toBe(0);
    // The outbox used to trip over interleaved protocol messages on the shared PGlite session.
    expect(seeded.stdout + seeded.stderr).not.toMatch(/Outbox dispatch failed|portal/);
    const [, , answers, notes] = /Seeded (\d+) events, (\d+) NPS answers, (\d+) feedback messages/
      .exec(seeded.stdout)!
      .map(Number);
    // Not vacuous: the seed wrote answers and feedback for the server to show.
    expect(answers).toBeGreaterThan(0);
    expect(notes).toBeGreaterThan(0);

    const counts = async () => {
      const feedback = await get(server, '/admin/reports/feedback', firstKey);
      const nps = await get(server, '/admin/reports/nps', firstKey);
      return {
        feedback: (feedback.body.overall as { total: number }).total,
        nps: (nps.body.overall as { responses: number }).responses,
      };
    };
    await expect(counts()).resolves.toEqual({ feedback: notes, nps: answers });

    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toMatch(/shutting down: draining \d+ requests? \(SIGTERM\)/);
    expect(server.output()).toMatch(/stopped/);
    expect(existsSync(join(dataDir, 'pulse.lock'))).toBe(false);

    server = await startServer(env);
    expect(server.output()).not.toMatch(KEY_LINE); // an admin key exists: no new one
    await expect(counts()).resolves.toEqual({ feedback: notes, nps: answers });
  });

  it('a second server on the same DATA_DIR refuses with one clear line', async () => {
    const second = await runServerToExit({ ...env, PORT: String(await freePort()) });
    expect(second.code).not.toBe(0);
    expect(second.stderr.trim()).toMatch(
      /^Pulse failed to start: DATA_DIR .* is in use by another Pulse server on port \d+ \(pid \d+\)/,
    );
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('after kill -9 of the server, the CLI takes the stale lock over and works', async () => {
    expect(await server.stop('SIGKILL')).toBeNull();
    expect(existsSync(join(dataDir, 'pulse.lock'))).toBe(true); // left behind by the killed owner
    const listed = await runCli(['list-api-keys'], env);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/Taking over DATA_DIR .*no longer running/);
    expect(listed.stdout).toContain('from-cli');
    expect(existsSync(join(dataDir, 'pulse.lock'))).toBe(false); // released when the command ended
  });
});

describe('start-up refusals', () => {
  it('a port in use is reported in one line before any database work', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(port);
    try {
      const result = await runServerToExit(embeddedEnv(dataDir, { PORT: String(port) }));
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe(
        `Pulse failed to start: port ${port} is already in use: stop what listens there, or set PORT to a free port`,
      );
      expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('a PostgreSQL database that does not exist is named in one line with how to create it', async () => {
    const base = process.env.TEST_DATABASE_URL!;
    if (process.env.PULSE_TEST_EMBEDDED_DB === '1') {
      // PGlite has a single database: the case needs a real PostgreSQL (CI provides one).
      return;
    }
    const url = new URL(base);
    url.pathname = '/pulse_missing_db_e2e';
    const result = await runServerToExit(
      embeddedEnv(tempDataDir(), {
        PORT: String(await freePort()),
        DATABASE_URL: url.toString(),
        REDIS_URL: process.env.TEST_REDIS_URL!,
      }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PostgreSQL database "pulse_missing_db_e2e" does not exist');
    expect(result.stderr).toContain('createdb');
    expect(result.stdout + result.stderr).not.toMatch(/retry \d|\n\s+at /); // no retries, no stack
  });
});
