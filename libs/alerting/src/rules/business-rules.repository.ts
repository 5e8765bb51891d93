import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NpsCounts, Ratio } from './business-rules';

/** Read-only SQL over the agreed shared tables (analytics_events, feedback, nps_responses). */
@Injectable()
export class BusinessRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Distinct users per event name in [from, to). */
  async distinctUsersByEvent(events: string[], from: Date, to: Date): Promise<Record<string, number>> {
    const rows: Array<{ event: string; users: number }> = await this.dataSource.query(
      `SELECT "event", count(DISTINCT "user_id")::int AS "users" FROM "analytics_events"
        WHERE "event" = ANY($1) AND "occurred_at" >= $2 AND "occurred_at" < $3 GROUP BY "event"`,
      [events, from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.event, r.users]));
  }

  async activation(from: Date, to: Date): Promise<Ratio> {
    const users = await this.distinctUsersByEvent(['user_registered', 'user_activated'], from, to);
    return { numerator: users.user_activated ?? 0, denominator: users.user_registered ?? 0 };
  }

  async activeUsers(from: Date, to: Date): Promise<number> {
    const [row]: Array<{ users: number }> = await this.dataSource.query(
      `SELECT count(DISTINCT "user_id")::int AS "users" FROM "analytics_events" WHERE "occurred_at" >= $1 AND "occurred_at" < $2`,
      [from, to],
    );
    return row.users;
  }

  async negativeFeedback(from: Date, to: Date): Promise<Ratio> {
    const [row]: Array<{ negative: number; total: number }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE "sentiment_label" = 'negative')::int AS "negative", count(*)::int AS "total"
         FROM "feedback" WHERE "created_at" >= $1 AND "created_at" < $2`,
      [from, to],
    );
    return { numerator: row.negative, denominator: row.total };
  }

  /** By the answer's last update, as the NPS reports count it. */
  async nps(from: Date, to: Date): Promise<NpsCounts> {
    const [row]: Array<NpsCounts> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE "score" >= 9)::int AS "promoters",
              count(*) FILTER (WHERE "score" BETWEEN 7 AND 8)::int AS "passives",
              count(*) FILTER (WHERE "score" <= 6)::int AS "detractors"
         FROM "nps_responses" WHERE "created_at" >= $1 AND "created_at" < $2`,
      [from, to],
    );
    return row;
  }
}
