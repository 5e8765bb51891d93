import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LatencyHistogram } from './latency-histogram';

export interface DayRollup {
  day: string;
  requests: number;
  errors5xx: number;
  latencySumSeconds: number;
  latency: LatencyHistogram;
}

interface Row {
  requests: string | null;
  errors_5xx: string | null;
  latency_sum_seconds: number | null;
  latency_bounds: number[] | null;
  latency_buckets: string[] | null;
}

/** `http_daily_rollup`: one row per day, added to by every replica's flush. */
@Injectable()
export class HttpRollupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds the counts to the day's row (creating it); arrays are added element by element. */
  async add(rollup: DayRollup): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "http_daily_rollup" AS r
         ("day", "requests", "errors_5xx", "latency_sum_seconds", "latency_bounds", "latency_buckets", "updated_at")
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT ("day") DO UPDATE SET
         "requests" = r."requests" + EXCLUDED."requests",
         "errors_5xx" = r."errors_5xx" + EXCLUDED."errors_5xx",
         "latency_sum_seconds" = r."latency_sum_seconds" + EXCLUDED."latency_sum_seconds",
         "latency_buckets" = ARRAY(
           SELECT a + b FROM unnest(r."latency_buckets", EXCLUDED."latency_buckets") WITH ORDINALITY AS u(a, b, i)
           ORDER BY i),
         "updated_at" = now()`,
      [
        rollup.day,
        rollup.requests,
        rollup.errors5xx,
        rollup.latencySumSeconds,
        rollup.latency.bounds,
        rollup.latency.counts,
      ],
    );
  }

  /** Sum over the days [fromDay, toDay] (inclusive); null when no day has a row. */
  async sum(fromDay: string, toDay: string, bounds: readonly number[]): Promise<DayRollup | null> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT "requests", "errors_5xx", "latency_sum_seconds", "latency_bounds", "latency_buckets"
         FROM "http_daily_rollup" WHERE "day" BETWEEN $1 AND $2`,
      [fromDay, toDay],
    );
    if (rows.length === 0) return null;
    const counts = new Array<number>(bounds.length + 1).fill(0);
    let requests = 0;
    let errors5xx = 0;
    let latencySumSeconds = 0;
    for (const row of rows) {
      requests += Number(row.requests ?? 0);
      errors5xx += Number(row.errors_5xx ?? 0);
      latencySumSeconds += Number(row.latency_sum_seconds ?? 0);
      const sameBounds =
        row.latency_bounds?.length === bounds.length &&
        row.latency_bounds.every((bound, i) => Number(bound) === bounds[i]);
      // Rows written under other buckets still count requests and errors, not the latency.
      if (sameBounds) (row.latency_buckets ?? []).forEach((count, i) => (counts[i] += Number(count)));
    }
    return {
      day: fromDay,
      requests,
      errors5xx,
      latencySumSeconds,
      latency: { bounds: [...bounds], counts },
    };
  }
}
