import { DateTime } from 'luxon';
import { cleanupIsolation, newIsolation } from './utils/test-env';
import { runCli } from './utils/pulse-process';

/** `pulse` as a scheduler runs it: a real process, its stdout, stderr and exit code. */
jest.setTimeout(300_000);

describe('pulse CLI (exit codes and report dates)', () => {
  const isolation = newIsolation('cli');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TZ: 'UTC',
    NODE_ENV: 'test',
    LOG_DIR: `/tmp/pulse-test-logs/${isolation.schema}`,
    DATABASE_URL: isolation.databaseUrl,
    ...(isolation.schema === 'public' ? {} : { DATABASE_SCHEMA: isolation.schema }),
    REDIS_URL: isolation.redisUrl,
    REDIS_KEY_PREFIX: isolation.keyPrefix,
    REPORT_TIMEZONE: 'Pacific/Auckland',
  };

  afterAll(() => cleanupIsolation(isolation));

  it('report without --date builds yesterday in REPORT_TIMEZONE and exits 0', async () => {
    const migrated = await runCli(['migrate'], env);
    expect(migrated.code).toBe(0);
    const yesterday = DateTime.now().setZone('Pacific/Auckland').minus({ days: 1 }).toISODate();
    const result = await runCli(['report'], env);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Built the daily report ${yesterday}..${yesterday} (Pacific/Auckland)`);
    expect(result.stdout + result.stderr).not.toContain('\x1b['); // no colours off a terminal
  });

  it('refuses a future date, --notify without Slack and a bad seed-demo count with exit code 2 and one clear line', async () => {
    const future = await runCli(['report', '--date', '2999-01-01'], env);
    expect(future.code).toBe(2);
    expect(future.stderr.trim()).toMatch(
      /^--date 2999-01-01 is in the future \(today is \d{4}-\d{2}-\d{2} in Pacific\/Auckland\)$/,
    );

    const notify = await runCli(['report', '--notify'], env);
    expect(notify.code).toBe(2);
    expect(notify.stderr.trim()).toBe('--notify needs SLACK_WEBHOOK_URL: without it nothing would be posted');

    const unknown = await runCli(['no-such-command'], env);
    expect(unknown.code).toBe(2);

    const badCount = await runCli(['seed-demo', '--users', 'many'], env);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr.trim()).toBe('--users must be 1..100000');
  });

  it('exits 1 when the command fails while running (database unreachable)', async () => {
    const result = await runCli(['list-api-keys'], {
      ...env,
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none',
      DATABASE_CONNECT_RETRIES: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/none/);
  });
});
