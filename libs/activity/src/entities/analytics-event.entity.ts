import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One product event. Written with raw multi-row SQL (see EventIngestService); the entity documents the
 * shape for TypeORM and for readers. The table is range-partitioned by day on occurred_at (migration
 * 1765000200000, EventPartitionsService), so every unique key contains occurred_at: the idempotency
 * key is (event_id, occurred_at).
 */
@Entity({ name: 'analytics_events' })
@Index('ix_analytics_events_occurred_at', ['occurredAt'])
@Index('ix_analytics_events_user_occurred', ['userId', 'occurredAt'])
@Index('ix_analytics_events_event_occurred_user', ['event', 'occurredAt']) // INCLUDE (user_id), see migrations
@Index('uq_analytics_events_event_id', ['eventId', 'occurredAt'], { unique: true })
export class AnalyticsEventEntity {
  // A sequence (analytics_events_id_seq), not an identity: PostgreSQL 15 has no identity columns on partitioned tables.
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
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
