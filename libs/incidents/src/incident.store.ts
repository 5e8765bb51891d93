import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { IncidentChecklistItemEntity } from './incident-checklist-item.entity';
import { formatIncidentId } from './incident-id';
import { IncidentEntity } from './incident.entity';
import { IncidentTimelineEntryEntity, TimelineKind } from './incident-timeline-entry.entity';

export interface NewTimelineEntry {
  kind: TimelineKind;
  author: string;
  message: string;
  at: Date;
  data?: Record<string, unknown>;
}

/** PostgreSQL access shared by the incident services: id sequence, row locks, timeline, checklist. */
@Injectable()
export class IncidentStore {
  constructor(
    @InjectRepository(IncidentEntity) readonly incidents: Repository<IncidentEntity>,
    @InjectRepository(IncidentTimelineEntryEntity) readonly timeline: Repository<IncidentTimelineEntryEntity>,
    @InjectRepository(IncidentChecklistItemEntity)
    readonly checklist: Repository<IncidentChecklistItemEntity>,
  ) {}

  /**
   * Next id of the year. The counter row stays locked until the caller's transaction ends, so
   * concurrent creations queue on it, and a rolled-back creation gives its number back: no gaps.
   */
  async nextId(manager: EntityManager, year: number): Promise<string> {
    const rows: Array<{ n: number }> = await manager.query(
      `INSERT INTO "incident_counters" ("year", "n") VALUES ($1, 1)
       ON CONFLICT ("year") DO UPDATE SET "n" = "incident_counters"."n" + 1
       RETURNING "n"`,
      [year],
    );
    return formatIncidentId(year, Number(rows[0].n));
  }

  /** The incident, locked until the transaction ends (status changes are read-modify-write). */
  async lock(manager: EntityManager, id: string): Promise<IncidentEntity> {
    const incident = await manager.findOne(IncidentEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!incident) throw new NotFoundException(`Incident ${id} does not exist`);
    return incident;
  }

  async find(id: string): Promise<IncidentEntity> {
    const incident = await this.incidents.findOneBy({ id });
    if (!incident) throw new NotFoundException(`Incident ${id} does not exist`);
    return incident;
  }

  async append(manager: EntityManager, incidentId: string, entry: NewTimelineEntry): Promise<void> {
    const row = manager.create(IncidentTimelineEntryEntity, {
      incidentId,
      kind: entry.kind,
      author: entry.author,
      message: entry.message,
      at: entry.at,
      data: entry.data ?? {},
    });
    await manager.save(IncidentTimelineEntryEntity, row);
  }

  /** In time order; entries with the same time in insertion order. */
  timelineOf(incidentId: string): Promise<IncidentTimelineEntryEntity[]> {
    return this.timeline.find({ where: { incidentId }, order: { at: 'ASC', id: 'ASC' } });
  }

  checklistOf(incidentId: string): Promise<IncidentChecklistItemEntity[]> {
    return this.checklist.find({ where: { incidentId }, order: { itemId: 'ASC' } });
  }
}
