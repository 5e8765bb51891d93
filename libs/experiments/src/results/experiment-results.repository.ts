import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ConversionRow {
  variant: string;
  event: string;
  exposed: number;
  converted: number;
}

/** The primary event per variant with the CUPED covariate: the user's count of it before exposure. */
export interface PrimaryRow {
  variant: string;
  exposed: number;
  converted: number;
  /** Σ pre, Σ pre², Σ pre·converted over the variant's users (pre = events in the window before exposure). */
  pre_sum: number;
  pre_sum_squares: number;
  post_pre_sum: number;
}

export interface VoiceRow {
  variant: string;
  responses: number;
  promoters: number;
  detractors: number;
  passives: number;
  items: number;
  negative: number;
  negative_users: number;
}

/**
 * Result aggregates in SQL: only a few rows per variant reach Node. A conversion is an event of the
 * metric by the same user at or after their first exposure (index analytics_events(user_id, occurred_at)).
 */
const RESULTS_WORK_MEM = '256MB';

@Injectable()
export class ExperimentResultsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  conversions(experiment: string, events: string[]): Promise<ConversionRow[]> {
    return this.analytical(
      `WITH x AS MATERIALIZED (
         SELECT "variant", "user_id", "exposed_at" FROM "experiment_exposures" WHERE "experiment_key" = $1),
       c AS (
         SELECT x."variant", m."event", count(*)::int AS "converted"
           FROM x CROSS JOIN unnest($2::text[]) AS m("event")
          WHERE EXISTS (
                  SELECT 1 FROM "analytics_events" a
                   WHERE a."user_id" = x."user_id" AND a."event" = m."event" AND a."occurred_at" >= x."exposed_at"
                     -- Constant bounds let the semi-join hash only these events' rows since the first
                     -- exposure (an index-only range scan) instead of all of analytics_events.
                     AND a."event" = ANY($2::text[]) AND a."occurred_at" >= (SELECT min("exposed_at") FROM x))
          GROUP BY 1, 2)
       SELECT e."variant", m."event", e."exposed", coalesce(c."converted", 0) AS "converted"
         FROM (SELECT "variant", count(*)::int AS "exposed" FROM x GROUP BY 1) e
        CROSS JOIN unnest($2::text[]) AS m("event")
         LEFT JOIN c ON c."variant" = e."variant" AND c."event" = m."event"`,
      [experiment, events],
    );
  }

  /**
   * One pass over the primary event from (first exposure − window) on (an index-only range scan of
   * (event, occurred_at) INCLUDE (user_id)), hash-joined to the exposures: per user whether they
   * converted at or after exposure and how often they sent it in the window before; then summed per
   * variant. Users without any such event count as exposed, unconverted, pre = 0.
   */
  primary(experiment: string, event: string, windowDays: number): Promise<PrimaryRow[]> {
    return this.analytical(
      `WITH x AS MATERIALIZED (
         SELECT "variant", "user_id", "exposed_at" FROM "experiment_exposures" WHERE "experiment_key" = $1),
       u AS (
         SELECT x."variant", bool_or(a."occurred_at" >= x."exposed_at") AS "converted",
                count(*) FILTER (WHERE a."occurred_at" < x."exposed_at") AS "pre"
           FROM x JOIN "analytics_events" a
             ON a."user_id" = x."user_id" AND a."event" = $2
            AND a."occurred_at" >= x."exposed_at" - make_interval(days => $3)
          WHERE a."occurred_at" >= (SELECT min("exposed_at") FROM x) - make_interval(days => $3)
          GROUP BY x."user_id", x."variant"),
       v AS (
         SELECT "variant", count(*) FILTER (WHERE "converted")::int AS "converted",
                sum("pre")::float8 AS "pre_sum", sum("pre" * "pre")::float8 AS "pre_sum_squares",
                coalesce(sum("pre") FILTER (WHERE "converted"), 0)::float8 AS "post_pre_sum"
           FROM u GROUP BY 1)
       SELECT e."variant", e."exposed", coalesce(v."converted", 0) AS "converted",
              coalesce(v."pre_sum", 0) AS "pre_sum", coalesce(v."pre_sum_squares", 0) AS "pre_sum_squares",
              coalesce(v."post_pre_sum", 0) AS "post_pre_sum"
         FROM (SELECT "variant", count(*)::int AS "exposed" FROM x GROUP BY 1) e
         LEFT JOIN v ON v."variant" = e."variant"`,
      [experiment, event, windowDays],
    );
  }

  /**
   * A results query with room to hash a million users in memory (the 4 MB default spills to disk) and
   * without JIT (its compile time outweighs the gain), as the activity reports do.
   */
  private analytical<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      await manager.query(`SET LOCAL work_mem = '${RESULTS_WORK_MEM}'`);
      await manager.query(`SET LOCAL jit = off`);
      return manager.query<T[]>(sql, parameters);
    });
  }

  /** NPS (latest answer per user after exposure) and feedback after exposure, per variant. */
  voice(experiment: string): Promise<VoiceRow[]> {
    return this.dataSource.query(
      `WITH x AS (
         SELECT "variant", "user_id", "exposed_at" FROM "experiment_exposures" WHERE "experiment_key" = $1),
       nps AS (
         SELECT DISTINCT ON (x."user_id") x."variant", r."score"
           FROM x JOIN "nps_responses" r ON r."user_id" = x."user_id" AND r."updated_at" >= x."exposed_at"
          ORDER BY x."user_id", r."updated_at" DESC),
       nps_agg AS (
         SELECT "variant", count(*)::int AS "responses",
                count(*) FILTER (WHERE "score" >= 9)::int AS "promoters",
                count(*) FILTER (WHERE "score" BETWEEN 7 AND 8)::int AS "passives",
                count(*) FILTER (WHERE "score" <= 6)::int AS "detractors"
           FROM nps GROUP BY 1),
       fb_agg AS (
         SELECT x."variant", count(*)::int AS "items",
                count(*) FILTER (WHERE f."sentiment_label" = 'negative')::int AS "negative",
                count(DISTINCT x."user_id") FILTER (WHERE f."sentiment_label" = 'negative')::int AS "negative_users"
           FROM x JOIN "feedback" f ON f."user_id" = x."user_id" AND f."created_at" >= x."exposed_at"
          GROUP BY 1)
       SELECT v."variant",
              coalesce(n."responses", 0) AS "responses", coalesce(n."promoters", 0) AS "promoters",
              coalesce(n."passives", 0) AS "passives", coalesce(n."detractors", 0) AS "detractors",
              coalesce(f."items", 0) AS "items", coalesce(f."negative", 0) AS "negative",
              coalesce(f."negative_users", 0) AS "negative_users"
         FROM (SELECT "variant" FROM nps_agg UNION SELECT "variant" FROM fb_agg) v
         LEFT JOIN nps_agg n ON n."variant" = v."variant"
         LEFT JOIN fb_agg f ON f."variant" = v."variant"`,
      [experiment],
    );
  }
}
