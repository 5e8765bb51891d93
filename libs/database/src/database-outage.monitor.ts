import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ThrottledLog } from '@app/logging';
import type { DatabaseFailure } from './database-failure';

const PROBE_INTERVAL_MS = 1000;
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Turns a database outage into a few readable lines instead of one stack per request: "database
 * unavailable" once (warn) when the first request fails, one line per cause per 30 s with a count and
 * one stack, and "database answers again" once (info) when a background `SELECT 1` succeeds.
 */
export class DatabaseOutageMonitor implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly errors = new ThrottledLog(this.logger, { intervalMs: ERROR_LOG_INTERVAL_MS });
  private downSince: number | null = null;
  private refused = 0;
  private probe: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(private readonly dataSource: DataSource) {}

  isDown(): boolean {
    return this.downSince !== null;
  }

  /** A request (`what`: "POST /api/v1/feedback") failed because the database is unavailable. */
  report(failure: DatabaseFailure, error: unknown, what: string): void {
    this.refused++;
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.refused = 1;
      this.logger.warn(
        `Database unavailable (${failure.kind}: ${failure.cause}): answering 503 until it answers again`,
      );
      this.probe = setInterval(() => void this.check(), PROBE_INTERVAL_MS);
      this.probe.unref();
    }
    this.errors.report(
      `database ${failure.kind} (${failure.cause})`,
      `${what}: database ${failure.kind}`,
      error,
    );
  }

  onApplicationShutdown(): void {
    this.stopProbe();
    this.errors.flush();
  }

  private async check(): Promise<void> {
    if (this.probing || this.downSince === null) return;
    this.probing = true;
    try {
      await this.dataSource.query('SELECT 1');
      const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1);
      this.logger.log(
        `Database answers again after ${seconds} s; ${this.refused} request(s) got 503 meanwhile`,
      );
      this.downSince = null;
      this.stopProbe();
      this.errors.flush();
    } catch {
      // Still down: the next tick tries again.
    } finally {
      this.probing = false;
    }
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }
}
