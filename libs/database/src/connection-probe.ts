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
      // Retrying cannot create a database: say which one is missing and how to create it.
      if ((error as { code?: string }).code === MISSING_DATABASE) throw missingDatabase(url);
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

const MISSING_DATABASE = '3D000';

/** An error whose message is the whole story, for one line on stderr at start. */
export class DatabaseMissingError extends Error {}

function missingDatabase(url: string): DatabaseMissingError {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1)) || 'postgres';
  const user = parsed.username ? ` -U ${decodeURIComponent(parsed.username)}` : '';
  return new DatabaseMissingError(
    `PostgreSQL database "${name}" does not exist on ${parsed.hostname}:${parsed.port || '5432'}; ` +
      `create it (createdb -h ${parsed.hostname} -p ${parsed.port || '5432'}${user} ${name}, or CREATE DATABASE "${name}") ` +
      'or point DATABASE_URL at an existing one',
  );
}

export function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}
