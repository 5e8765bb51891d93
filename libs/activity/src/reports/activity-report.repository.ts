import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { funnelSql } from './funnel-sql';
import {
  ActivationReport,
  ActiveUsersPoint,
  ActiveUsersReport,
  FunnelReport,
  FunnelStepResult,
} from './report.types';

/** Per report query; reports are admin-only and rare, so a generous budget is safe. */
const REPORT_WORK_MEM = '256MB';

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/**
 * Exact activity figures, computed in PostgreSQL (never by loading events into Node). Dates are
 * half-open UTC ranges [from, to); days are UTC days.
 */
@Injectable()
export class ActivityReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs one report query with room to hash and sort in memory (the 4 MB default spills to disk on
   * millions of rows) and without JIT (its compile time outweighs the gain on these plans).
   */
  private analytical<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      await manager.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      await manager.query(`SET LOCAL jit = off`);
      return manager.query<T[]>(sql, parameters);
    });
  }

  /**
   * The distinct event names, by a skip scan of the (event, occurred_at) index: one index probe per
   * name, however many events there are.
   */
  async eventNames(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ event: string }>>(
      `WITH RECURSIVE names AS (
         (SELECT "event" FROM "analytics_events" ORDER BY "event" LIMIT 1)
         UNION ALL
         SELECT (SELECT e."event" FROM "analytics_events" e WHERE e."event" > n."event" ORDER BY e."event" LIMIT 1)
           FROM names n WHERE n."event" IS NOT NULL
       )
       SELECT "event" FROM names WHERE "event" IS NOT NULL LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.event);
  }

  async funnel(steps: string[], from: string, to: string, windowSeconds: number): Promise<FunnelReport> {
    const [row] = await this.analytical<Record<string, number | null>>(funnelSql(steps.length), [
      steps,
      from,
      to,
      windowSeconds,
    ]);
    const users = steps.map((_, i) => Number(row[`users${i + 1}`]));
    const result: FunnelStepResult[] = steps.map((step, i) => {
      const median = row[`median${i + 1}`];
      return {
        step,
        users: users[i],
        conversionFromPrevious: i === 0 ? 1 : ratio(users[i], users[i - 1]),
        conversionFromFirst: ratio(users[i], users[0]),
        medianSecondsFromPrevious: i === 0 || median === null ? null : Number(median),
      };
    });
    return { from, to, windowSeconds, steps: result };
  }

  /** Users whose first registration in [from, to) was followed by activation within the window. */
  async activation(
    from: string,
    to: string,
    interval: 'hour' | 'day',
    windowHours: number,
  ): Promise<ActivationReport> {
    const rows = await this.analytical<{ start: Date; registered: number; activated: number }>(
      `WITH reg AS (
         SELECT user_id, min(occurred_at) AS at FROM analytics_events
         WHERE event = 'user_registered' AND occurred_at >= $1 AND occurred_at < $2 GROUP BY user_id
       ), outcome AS (
         SELECT r.at, EXISTS (
           SELECT 1 FROM analytics_events a
           WHERE a.user_id = r.user_id AND a.event = 'user_activated'
             AND a.occurred_at >= r.at AND a.occurred_at <= r.at + make_interval(hours => $4)
         ) AS activated FROM reg r
       ), buckets AS (
         SELECT generate_series(date_trunc($3, $1::timestamptz AT TIME ZONE 'UTC'),
                                $2::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond',
                                ('1 ' || $3)::interval) AS start
       )
       SELECT b.start AT TIME ZONE 'UTC' AS start, count(o.at)::int AS registered,
              count(o.at) FILTER (WHERE o.activated)::int AS activated
       FROM buckets b LEFT JOIN outcome o ON date_trunc($3, o.at AT TIME ZONE 'UTC') = b.start
       GROUP BY b.start ORDER BY b.start`,
      [from, to, interval, windowHours],
    );
    const registered = rows.reduce((sum, r) => sum + r.registered, 0);
    const activated = rows.reduce((sum, r) => sum + r.activated, 0);
    return {
      from,
      to,
      interval,
      activationWindowHours: windowHours,
      registered,
      activated,
      rate: registered > 0 ? activated / registered : null,
      buckets: rows.map((r) => ({
        start: new Date(r.start).toISOString(),
        registered: r.registered,
        activated: r.activated,
        rate: r.registered > 0 ? r.activated / r.registered : null,
      })),
    };
  }

  /**
   * Exact DAU/WAU/MAU for every UTC day in [fromDay, toDay], in one pass over user_daily_activity: each
   * (user, day) row opens a 7-day and a 30-day interval that starts after the user's previous interval
   * ends (so a user's intervals never overlap), and a running sum of interval starts and ends gives the
   * number of distinct users whose last-N-days window contains each day. Rows are first counted per
   * (day, previous day) pair (hundreds of pairs for tens of thousands of rows), so the interval
   * bounds are emitted per pair, not per row: 3× faster at 5,000 users × 30 days (docs/PERFORMANCE.md).
   */
  async activeUsers(fromDay: string, toDay: string): Promise<ActiveUsersReport> {
    const rows = await this.analytical<ActiveUsersPoint>(
      `WITH r AS (
         SELECT day, lag(day) OVER (PARTITION BY user_id ORDER BY day) AS prev
         FROM user_daily_activity WHERE day BETWEEN $1::date - 29 AND $2::date
       ), pairs AS (
         SELECT day, prev, count(*) AS n FROM r GROUP BY day, prev
       ), per_day AS (
         SELECT v.d, sum(v.dau * p.n) AS dau, sum(v.wau * p.n) AS wau, sum(v.mau * p.n) AS mau
         FROM pairs p CROSS JOIN LATERAL (VALUES
           (p.day, 1, 0, 0),
           (greatest(p.day, p.prev + 7), 0, 1, 0), (p.day + 7, 0, -1, 0),
           (greatest(p.day, p.prev + 30), 0, 0, 1), (p.day + 30, 0, 0, -1)
         ) AS v(d, dau, wau, mau)
         GROUP BY v.d
       ), series AS (
         SELECT g.day, coalesce(p.dau, 0) AS dau,
                sum(coalesce(p.wau, 0)) OVER w AS wau, sum(coalesce(p.mau, 0)) OVER w AS mau
         FROM (SELECT $1::date - 29 + i AS day FROM generate_series(0, $2::date - $1::date + 29) i) g
         LEFT JOIN per_day p ON p.d = g.day
         WINDOW w AS (ORDER BY g.day)
       )
       SELECT to_char(day, 'YYYY-MM-DD') AS day, dau::int, wau::int, mau::int
       FROM series WHERE day >= $1::date ORDER BY day`,
      [fromDay, toDay],
    );
    return { from: fromDay, to: toDay, days: rows };
  }

  /** Exact DAU/WAU/MAU of one UTC day. */
  async activeUsersOn(day: string): Promise<ActiveUsersPoint> {
    // DISTINCT through a hashed GROUP BY, not count(DISTINCT …), which always sorts.
    const [row] = await this.analytical<ActiveUsersPoint>(
      `SELECT $1::text AS day,
              count(*) FILTER (WHERE last_day = $1::date)::int AS dau,
              count(*) FILTER (WHERE last_day > $1::date - 7)::int AS wau,
              count(*)::int AS mau
       FROM (SELECT max(day) AS last_day FROM user_daily_activity
             WHERE day > $1::date - 30 AND day <= $1::date GROUP BY user_id) u`,
      [day],
    );
    return row;
  }

  /** Distinct users who registered in [from, to). */
  async registrations(from: string, to: string): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ users: number }>>(
      `SELECT count(DISTINCT user_id)::int AS users FROM analytics_events
       WHERE event = 'user_registered' AND occurred_at >= $1 AND occurred_at < $2`,
      [from, to],
    );
    return row.users;
  }
}
