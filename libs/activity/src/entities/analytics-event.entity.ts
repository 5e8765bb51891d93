import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One product event. Written with raw multi-row SQL (see EventIngestService); the entity documents the
 * shape for TypeORM and for readers. The primary key includes occurred_at so that the table can be
 * converted to monthly range partitions without changing the key (docs/PERFORMANCE.md).
 */
@Entity({ name: 'analytics_events' })
@Index('ix_analytics_events_occurred_at', ['occurredAt'])
@Index('ix_analytics_events_user_occurred', ['userId', 'occurredAt'])
@Index('ix_analytics_events_event_occurred_user', ['event', 'occurredAt']) // INCLUDE (user_id), see migrations
export class AnalyticsEventEntity {
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @PrimaryColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId: string | null;

  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @Column({ type: 'text' })
  event: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  properties: Record<string, unknown>;
}
