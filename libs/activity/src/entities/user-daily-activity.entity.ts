import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per user and UTC day with at least one event: the exact source of DAU/WAU/MAU. */
@Entity({ name: 'user_daily_activity' })
@Index('ix_user_daily_activity_user_day', ['userId', 'day'])
export class UserDailyActivityEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ type: 'int' })
  events: number;
}
