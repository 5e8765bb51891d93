import { Logger } from '@nestjs/common';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { OutboxService } from '@app/outbox';
import { TestApp, createTestApp } from './utils/test-app';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Slack that cannot be reached: the reason is kept and logged, once per interval, not per attempt. */
describe('failed deliveries (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      label: 'outbox-failures',
      env: {
        SLACK_WEBHOOK_URL: `http://127.0.0.1:${await closedPort()}/hook`,
        OUTBOX_POLL_MS: '20',
        OUTBOX_BACKOFF_BASE_MS: '1',
        OUTBOX_BACKOFF_MAX_MS: '5',
        OUTBOX_MAX_ATTEMPTS: '50',
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps the cause in last_error and logs repeated failures once with it', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      await t.app.get(DataSource).transaction(async (manager) => {
        await t.app.get(OutboxService).enqueue(manager, {
          channel: 'slack',
          source: 'test',
          payload: { text: 'hello' },
        });
      });
      let row: { attempts: number; last_error: string | null } | undefined;
      for (let i = 0; i < 100 && !(row && row.attempts >= 5); i++) {
        await sleep(50);
        [row] = await t.app.get(DataSource).query(`SELECT attempts, last_error FROM outbox_messages`);
      }
      expect(row?.attempts).toBeGreaterThanOrEqual(5);
      // Not just "TypeError: fetch failed": the chain says the connection was refused.
      expect(row?.last_error).toMatch(/^TypeError: fetch failed: .*ECONNREFUSED/);
      const lines = warn.mock.calls
        .map(([entry]) =>
          typeof entry === 'string' ? entry : String((entry as { message?: string }).message),
        )
        .filter((line) => line.startsWith('Delivery to slack failed'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('ECONNREFUSED');
    } finally {
      warn.mockRestore();
    }
  });
});
