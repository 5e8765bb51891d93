import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/clock';
import { IncidentChecklistItemEntity } from './incident-checklist-item.entity';
import { IncidentMetricsService } from './incident-metrics.service';
import { ALLOWED_TRANSITIONS, IncidentStatus, canTransition, timestampsAfter } from './incident-status';
import { IncidentStore } from './incident.store';
import { IncidentEntity } from './incident.entity';
import { TimelineKind } from './incident-timeline-entry.entity';
import { IncidentsService } from './incidents.service';
import { IncidentDetailView } from './incident.views';

/** The response workflow: status machine, acknowledgement, commander, notes and checklist. */
@Injectable()
export class IncidentResponseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: IncidentStore,
    private readonly incidents: IncidentsService,
    private readonly clock: Clock,
    private readonly metrics: IncidentMetricsService,
  ) {}

  async changeStatus(
    id: string,
    to: IncidentStatus,
    author: string,
    note?: string,
  ): Promise<IncidentDetailView> {
    await this.mutate(id, async (manager, incident, now) => {
      const from = incident.status;
      if (!canTransition(from, to)) {
        const allowed = ALLOWED_TRANSITIONS[from];
        throw new ConflictException({
          message:
            `Incident ${id} cannot move from ${from} to ${to}; allowed from ${from}: ` +
            (allowed.length > 0 ? allowed.join(', ') : 'none (closed is final)'),
          from,
          to,
          allowed,
        });
      }
      Object.assign(incident, timestampsAfter(to, incident, now), { status: to });
      await this.store.append(manager, id, {
        kind: 'status',
        author,
        at: now,
        message: `Status ${from} → ${to}${note ? `: ${note}` : ''}`,
        data: { from, to },
      });
    });
    return this.incidents.get(id);
  }

  /** Idempotent: acknowledging twice keeps the first time. */
  async acknowledge(id: string, author: string): Promise<IncidentDetailView> {
    await this.mutate(id, async (manager, incident, now) => {
      if (incident.acknowledgedAt) return false;
      incident.acknowledgedAt = now;
      await this.store.append(manager, id, {
        kind: 'acknowledged',
        author,
        at: now,
        message: `Acknowledged by ${author}`,
      });
    });
    return this.incidents.get(id);
  }

  async assignCommander(id: string, commander: string, author: string): Promise<IncidentDetailView> {
    await this.mutate(id, async (manager, incident, now) => {
      const previous = incident.commander;
      incident.commander = commander;
      incident.acknowledgedAt ??= now;
      await this.store.append(manager, id, {
        kind: 'assignment',
        author,
        at: now,
        message: `Incident commander: ${commander}${previous ? ` (was ${previous})` : ''}`,
        data: { commander, previous },
      });
    });
    return this.incidents.get(id);
  }

  async addNote(id: string, message: string, author: string): Promise<IncidentDetailView> {
    await this.appendEntry(id, 'note', author, message);
    return this.incidents.get(id);
  }

  /** Adds a timeline entry without touching the incident (notes, alerts relayed by the gateway). */
  async appendEntry(
    id: string,
    kind: TimelineKind,
    author: string,
    message: string,
    at?: Date,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: the incident must exist, and entries of one incident are not interleaved with a status change.
      const exists = await manager.findOne(IncidentEntity, {
        where: { id },
        lock: { mode: 'pessimistic_read' },
      });
      if (!exists) throw new NotFoundException(`Incident ${id} does not exist`);
      await this.store.append(manager, id, { kind, author, message, at: at ?? this.clock.now() });
    });
  }

  /** Idempotent: checking a checked item keeps who checked it first. */
  async checkItem(id: string, itemId: number, author: string): Promise<IncidentDetailView> {
    await this.mutate(id, async (manager, _incident, now) => {
      const item = await manager.findOneBy(IncidentChecklistItemEntity, { incidentId: id, itemId });
      if (!item) throw new NotFoundException(`Incident ${id} has no checklist item ${itemId}`);
      if (item.checkedAt) return false;
      await manager.update(
        IncidentChecklistItemEntity,
        { incidentId: id, itemId },
        { checkedAt: now, checkedBy: author },
      );
      await this.store.append(manager, id, {
        kind: 'checklist',
        author,
        at: now,
        message: `Checked: ${item.label}`,
        data: { itemId, label: item.label },
      });
      return false;
    });
    return this.incidents.get(id);
  }

  /**
   * Runs `change` on the locked incident and saves it; after commit, observes MTTA/MTTR when the
   * change set them and refreshes incidents_open. `change` returns false when nothing was saved.
   */
  private async mutate(
    id: string,
    change: (manager: EntityManager, incident: IncidentEntity, now: Date) => Promise<boolean | void>,
  ): Promise<void> {
    const { before, after } = await this.dataSource.transaction(async (manager) => {
      const incident = await this.store.lock(manager, id);
      const snapshot = { ...incident };
      const now = this.clock.now();
      if ((await change(manager, incident, now)) === false) return { before: snapshot, after: snapshot };
      incident.updatedAt = now;
      await manager.save(IncidentEntity, incident);
      return { before: snapshot, after: incident };
    });
    if (!before.acknowledgedAt && after.acknowledgedAt) {
      this.metrics.observeAcknowledged(after.severity, after.detectedAt, after.acknowledgedAt);
    }
    if (!before.resolvedAt && after.resolvedAt) {
      this.metrics.observeResolved(after.severity, after.detectedAt, after.resolvedAt);
    }
    if (before.status !== after.status) await this.metrics.refreshOpen();
  }
}
