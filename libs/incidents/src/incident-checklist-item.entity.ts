import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One item of an incident's response checklist; `itemId` is its position, 1-based. */
@Entity('incident_checklist_items')
export class IncidentChecklistItemEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'varchar', length: 24 })
  incidentId: string;

  @PrimaryColumn({ name: 'item_id', type: 'int' })
  itemId: number;

  @Column({ type: 'text' })
  label: string;

  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt: Date | null;

  @Column({ name: 'checked_by', type: 'varchar', length: 100, nullable: true })
  checkedBy: string | null;
}
