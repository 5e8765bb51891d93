import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TIMELINE_KINDS = [
  'created',
  'status',
  'acknowledged',
  'assignment',
  'note',
  'checklist',
  'alert',
  'update',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One line of an incident's timeline. Inserted only: the database refuses UPDATE and DELETE. */
@Entity('incident_timeline_entries')
export class IncidentTimelineEntryEntity {
  /** Identity column: the tie-breaker when two entries share a time. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 24 })
  incidentId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  kind: TimelineKind;

  @Column({ type: 'varchar', length: 100 })
  author: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'jsonb', default: {} })
  data: Record<string, unknown>;
}
