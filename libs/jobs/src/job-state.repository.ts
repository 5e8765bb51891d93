import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface JobStateRow {
  name: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastResult: 'success' | 'failure' | null;
  lastDurationMs: number | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  runningSince: Date | null;
  runningInstance: string | null;
  runs: number;
  failures: number;
}

const MAX_ERROR_LENGTH = 2000;

/** The `job_state` table: one row per job, written by whichever replica ran it. */
@Injectable()
export class JobStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async markStarted(name: string, at: Date, instance: string): Promise<void> {
    await this.db.query(
      `INSERT INTO job_state (name, last_started_at, running_since, running_instance) VALUES ($1, $2, $2, $3)
       ON CONFLICT (name) DO UPDATE SET last_started_at = $2, running_since = $2, running_instance = $3`,
      [name, at, instance],
    );
  }

  async markFinished(
    name: string,
    at: Date,
    outcome: { result: 'success' | 'failure'; durationMs: number; error?: string },
  ): Promise<void> {
    const success = outcome.result === 'success';
    const error = outcome.error?.slice(0, MAX_ERROR_LENGTH) ?? null;
    await this.db.query(
      `INSERT INTO job_state (name, last_finished_at, last_result, last_duration_ms, last_success_at,
                              last_error, last_error_at, runs, failures)
       VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN $2::timestamptz END, $6, CASE WHEN $5 THEN NULL ELSE $2::timestamptz END,
               1, CASE WHEN $5 THEN 0 ELSE 1 END)
       ON CONFLICT (name) DO UPDATE SET
         last_finished_at = $2, last_result = $3, last_duration_ms = $4,
         last_success_at = CASE WHEN $5 THEN $2::timestamptz ELSE job_state.last_success_at END,
         last_error = CASE WHEN $5 THEN job_state.last_error ELSE $6 END,
         last_error_at = CASE WHEN $5 THEN job_state.last_error_at ELSE $2::timestamptz END,
         running_since = NULL, running_instance = NULL,
         runs = job_state.runs + 1,
         failures = job_state.failures + CASE WHEN $5 THEN 0 ELSE 1 END`,
      [name, at, outcome.result, Math.round(outcome.durationMs), success, error],
    );
  }

  async findAll(): Promise<Map<string, JobStateRow>> {
    const rows: Array<Record<string, unknown>> = await this.db.query(`SELECT * FROM job_state`);
    return new Map(
      rows.map((row) => [
        row.name as string,
        {
          name: row.name as string,
          lastStartedAt: row.last_started_at as Date | null,
          lastFinishedAt: row.last_finished_at as Date | null,
          lastResult: row.last_result as JobStateRow['lastResult'],
          lastDurationMs: row.last_duration_ms as number | null,
          lastSuccessAt: row.last_success_at as Date | null,
          lastError: row.last_error as string | null,
          lastErrorAt: row.last_error_at as Date | null,
          runningSince: row.running_since as Date | null,
          runningInstance: row.running_instance as string | null,
          runs: Number(row.runs),
          failures: Number(row.failures),
        },
      ]),
    );
  }
}
