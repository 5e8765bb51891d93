import { Client } from 'pg';

export interface ProbeOptions {
  retries: number;
  initialDelayMs?: number;
  onRetry?: (attempt: number, delayMs: number, error: Error) => void;
}

/**
 * Waits for PostgreSQL with exponential backoff (0.5 s, 1 s, 2 s … capped at 10 s) and then fails with
 * one message naming the server, never the password.
 */
export async function waitForPostgres(url: string, options: ProbeOptions): Promise<void> {
  const initialDelay = options.initialDelayMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (attempt >= options.retries) {
        throw new Error(
          `Cannot connect to PostgreSQL at ${describeServer(url)} after ${attempt + 1} attempts: ${(error as Error).message}`,
        );
      }
      const delay = Math.min(initialDelay * 2 ** attempt, 10000);
      options.onRetry?.(attempt + 1, delay, error as Error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}
