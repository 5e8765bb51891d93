import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActiveUsersStore } from '../realtime/active-users.store';
import { addDays } from '../realtime/utc-day';

const USER_CHUNK = 20_000;

export interface BackfillDayResult {
  day: string;
  users: number;
  redisRebuilt: boolean;
}

/**
 * Rebuilds user_daily_activity and the Redis day keys from analytics_events, one UTC day at a time
 * (one transaction per day), so that it can run on a live system and report progress.
 */
@Injectable()
export class ActivityBackfillService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activeUsers: ActiveUsersStore,
  ) {}

  /** The UTC days that hold events, as [first, last]; null when there are none. */
  async eventDays(): Promise<{ first: string; last: string } | null> {
    const [row] = await this.dataSource.query<Array<{ first: string | null; last: string | null }>>(
      `SELECT to_char(min(occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS first,
              to_char(max(occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last FROM analytics_events`,
    );
    return row.first && row.last ? { first: row.first, last: row.last } : null;
  }

  /** Every day from `first` to `last` inclusive. */
  days(first: string, last: string): string[] {
    const days: string[] = [];
    for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
    return days;
  }

  async rebuildDay(day: string): Promise<BackfillDayResult> {
    const users = await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM user_daily_activity WHERE day = $1::date`, [day]);
      const inserted = await manager.query<Array<{ n: number }>>(
        `WITH ins AS (
           INSERT INTO user_daily_activity (user_id, day, first_seen_at, events)
           SELECT user_id, $1::date, min(occurred_at), count(*) FROM analytics_events
           WHERE occurred_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
             AND occurred_at < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
           GROUP BY user_id RETURNING 1
         ) SELECT count(*)::int AS n FROM ins`,
        [day],
      );
      return inserted[0].n;
    });
    const redisRebuilt = await this.activeUsers.replaceDay(day, this.usersOf(day));
    return { day, users, redisRebuilt };
  }

  /** Users active on `day`, in keyset-paginated chunks (bounded memory at millions of users). */
  private async *usersOf(day: string): AsyncIterable<string[]> {
    let after = '';
    for (;;) {
      const rows = await this.dataSource.query<Array<{ user_id: string }>>(
        `SELECT user_id FROM user_daily_activity WHERE day = $1::date AND user_id > $2
         ORDER BY user_id LIMIT ${USER_CHUNK}`,
        [day, after],
      );
      if (rows.length === 0) return;
      yield rows.map((row) => row.user_id);
      after = rows[rows.length - 1].user_id;
      if (rows.length < USER_CHUNK) return;
    }
  }
}
