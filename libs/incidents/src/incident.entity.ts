import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IncidentSeverity, IncidentStatus } from './incident-status';

export interface FollowUpAction {
  description: string;
  owner: string;
  done: boolean;
}

/** Reads `double precision` back as a number (pg returns numbers for it already; null stays null). */
const nullableNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

@Entity('incidents')
export class IncidentEntity {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'varchar', length: 5 })
  severity: IncidentSeverity;

  @Column({ type: 'varchar', length: 16 })
  status: IncidentStatus;

  @Column({ type: 'text', default: '' })
  impact: string;

  /** Estimated share of users affected, 0..1. */
  @Column({ name: 'impact_share', type: 'double precision', nullable: true, transformer: nullableNumber })
  impactShare: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  commander: string | null;

  @Column({ type: 'jsonb', default: [] })
  responders: string[];

  @Column({ name: 'root_cause', type: 'text', nullable: true })
  rootCause: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'text', nullable: true })
  lessons: string | null;

  @Column({ name: 'follow_up_actions', type: 'jsonb', default: [] })
  followUpActions: FollowUpAction[];

  /** Fingerprint of the alert that opened it, if any. */
  @Column({ name: 'source_alert', type: 'varchar', length: 200, nullable: true })
  sourceAlert: string | null;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'mitigated_at', type: 'timestamptz', nullable: true })
  mitigatedAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
