import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/clock';
import { AppConfig } from '@app/config';
import { CreateIncidentDto } from './dto/create-incident.dto';
import { ListIncidentsQueryDto } from './dto/list-incidents.query.dto';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { DEFAULT_INCIDENT_CHECKLIST } from './incident-checklist';
import { IncidentChecklistItemEntity } from './incident-checklist-item.entity';
import { IncidentMetricsService } from './incident-metrics.service';
import { IncidentSeverity } from './incident-status';
import { IncidentStore, NewTimelineEntry } from './incident.store';
import { IncidentEntity } from './incident.entity';
import { IncidentDetailView, toChecklistView, toTimelineView } from './incident.views';
import { ValidationFailedException } from '@app/validation';

export interface NewIncident {
  title: string;
  summary?: string;
  severity: IncidentSeverity;
  impact?: string;
  impactShare?: number;
  commander?: string;
  responders?: string[];
  detectedAt?: Date;
  sourceAlert?: string;
}

export interface IncidentPage {
  items: IncidentEntity[];
  total: number;
  page: number;
  limit: number;
}

const UPDATABLE = [
  'title',
  'summary',
  'severity',
  'impact',
  'impactShare',
  'responders',
  'rootCause',
  'resolution',
  'lessons',
  'followUpActions',
] as const;

/** Creating, reading and editing incidents; the response workflow is in IncidentResponseService. */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: IncidentStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: IncidentMetricsService,
  ) {}

  async create(dto: CreateIncidentDto, author: string): Promise<IncidentDetailView> {
    const detectedAt = dto.detectedAt ? new Date(dto.detectedAt) : undefined;
    if (detectedAt && detectedAt.getTime() > this.clock.now().getTime()) {
      throw ValidationFailedException.of('detectedAt', 'invalid', 'detectedAt must not be in the future');
    }
    const incident = await this.dataSource.transaction((manager) =>
      this.insert(manager, { ...dto, detectedAt }, author),
    );
    await this.afterCreate(incident);
    return this.get(incident.id);
  }

  /**
   * Inserts the incident, its checklist and its first timeline entries in the caller's transaction.
   * `extraEntries` (e.g. the alert that opened it) follow the creation entry.
   */
  async insert(
    manager: EntityManager,
    input: NewIncident,
    author: string,
    extraEntries: NewTimelineEntry[] = [],
  ): Promise<IncidentEntity> {
    const now = this.clock.now();
    const id = await this.store.nextId(manager, now.getUTCFullYear());
    const incident = manager.create(IncidentEntity, {
      id,
      title: input.title,
      summary: input.summary ?? '',
      severity: input.severity,
      status: 'investigating',
      impact: input.impact ?? '',
      impactShare: input.impactShare ?? null,
      commander: input.commander ?? null,
      responders: input.responders ?? [],
      rootCause: null,
      resolution: null,
      lessons: null,
      followUpActions: [],
      sourceAlert: input.sourceAlert ?? null,
      detectedAt: input.detectedAt ?? now,
      // Naming a commander at creation means someone has taken the incident on.
      acknowledgedAt: input.commander ? now : null,
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(IncidentEntity, incident);
    const labels = this.config.incidents.checklist ?? DEFAULT_INCIDENT_CHECKLIST;
    await manager.insert(
      IncidentChecklistItemEntity,
      labels.map((label, index) => ({
        incidentId: id,
        itemId: index + 1,
        label,
        checkedAt: null,
        checkedBy: null,
      })),
    );
    await this.store.append(manager, id, {
      kind: 'created',
      author,
      at: now,
      message: `Incident opened: ${input.title} (${input.severity})`,
      data: { severity: input.severity },
    });
    if (input.commander) {
      await this.store.append(manager, id, {
        kind: 'assignment',
        author,
        at: now,
        message: `Incident commander: ${input.commander}`,
        data: { commander: input.commander },
      });
    }
    for (const entry of extraEntries) await this.store.append(manager, id, entry);
    return incident;
  }

  async afterCreate(incident: IncidentEntity): Promise<void> {
    if (incident.acknowledgedAt) {
      this.metrics.observeAcknowledged(incident.severity, incident.detectedAt, incident.acknowledgedAt);
    }
    await this.metrics.refreshOpen();
  }

  async list(query: ListIncidentsQueryDto): Promise<IncidentPage> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 20;
    const builder = this.store.incidents.createQueryBuilder('i');
    if (query.status) builder.andWhere('i.status = :status', { status: query.status });
    if (query.severity) builder.andWhere('i.severity = :severity', { severity: query.severity });
    if (query.from) builder.andWhere('i.detected_at >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('i.detected_at < :to', { to: new Date(query.to) });
    const [items, total] = await builder
      .orderBy('i.detected_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .skip((page - 1) * limit)
      .take(limit)
      .getManyAndCount();
    return { items, total, page, limit };
  }

  async get(id: string): Promise<IncidentDetailView> {
    const incident = await this.store.find(id);
    const [timeline, checklist] = await Promise.all([this.store.timelineOf(id), this.store.checklistOf(id)]);
    return {
      ...incident,
      timeline: timeline.map(toTimelineView),
      checklist: checklist.map(toChecklistView),
    };
  }

  /** Replaces the given fields; the change is recorded on the timeline (field names, new severity). */
  async update(id: string, dto: UpdateIncidentDto, author: string): Promise<IncidentDetailView> {
    const changed = UPDATABLE.filter((field) => dto[field] !== undefined);
    if (changed.length === 0)
      throw ValidationFailedException.of('body', 'invalid', 'Give at least one field to update');
    await this.dataSource.transaction(async (manager) => {
      const incident = await this.store.lock(manager, id);
      const previousSeverity = incident.severity;
      const patch: Partial<IncidentEntity> = { updatedAt: this.clock.now() };
      for (const field of changed) Object.assign(patch, { [field]: dto[field] });
      if (dto.followUpActions) {
        patch.followUpActions = dto.followUpActions.map(({ description, owner, done }) => ({
          description,
          owner,
          done,
        }));
      }
      await manager.update(IncidentEntity, { id }, patch);
      const severityNote =
        dto.severity && dto.severity !== previousSeverity
          ? `; severity ${previousSeverity} → ${dto.severity}`
          : '';
      await this.store.append(manager, id, {
        kind: 'update',
        author,
        at: this.clock.now(),
        message: `Updated ${changed.join(', ')}${severityNote}`,
        data: { fields: changed },
      });
    });
    if (dto.severity) await this.metrics.refreshOpen();
    return this.get(id);
  }
}
