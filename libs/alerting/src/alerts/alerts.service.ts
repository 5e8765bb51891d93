import { Injectable, NotFoundException } from '@nestjs/common';
import { AlertPipeline, ProcessOutcome } from './alert-pipeline.service';
import { AlertRecord } from './alert.record';
import { AlertStore } from './alert.store';
import { ListAlertsQueryDto, RaiseAlertDto } from './admin-alert.dto';
import { AlertmanagerWebhookDto } from './alertmanager-webhook.dto';

export type AlertView = Omit<AlertRecord, 'stateChanges' | 'flapNotified'> & { stateChanges: number };

const ZERO_TIME = /^0001-01-01/;

/** What the HTTP layer calls: sources in, views out. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly pipeline: AlertPipeline,
    private readonly store: AlertStore,
  ) {}

  /** Alertmanager: each alert carries its own status; group-level labels fill in what alerts omit. */
  async receiveAlertmanager(
    body: AlertmanagerWebhookDto,
  ): Promise<{ received: number; outcomes: ProcessOutcome[] }> {
    const outcomes = await this.pipeline.processMany(
      body.alerts.map((alert) => ({
        labels: alert.labels,
        annotations: { ...(body.commonAnnotations ?? {}), ...(alert.annotations ?? {}) },
        status: alert.status,
        startsAt: validDate(alert.startsAt),
        endsAt: alert.status === 'resolved' ? validDate(alert.endsAt) : undefined,
        source: 'alertmanager' as const,
      })),
    );
    return { received: outcomes.length, outcomes };
  }

  async raise(dto: RaiseAlertDto): Promise<ProcessOutcome> {
    return this.pipeline.process({
      labels: dto.labels,
      annotations: dto.annotations ?? {},
      status: dto.status ?? 'firing',
      source: 'manual',
    });
  }

  async list(query: ListAlertsQueryDto): Promise<{ items: AlertView[]; total: number }> {
    const eq = query.label?.indexOf('=') ?? -1;
    const { items, total } = await this.store.list({
      status: query.status,
      priority: query.priority,
      name: query.name,
      fingerprint: query.fingerprint,
      label: query.label ? [query.label.slice(0, eq), query.label.slice(eq + 1)] : undefined,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { items: items.map(toView), total };
  }

  async get(id: string): Promise<AlertView> {
    const alert = await this.store.findById(id);
    if (!alert) throw new NotFoundException(`alert ${id} not found`);
    return toView(alert);
  }

  async acknowledge(id: string, by: string): Promise<AlertView> {
    return toView(await this.pipeline.acknowledge(id, by));
  }

  async resolve(id: string, by: string): Promise<AlertView> {
    return toView(await this.pipeline.resolve(id, by));
  }
}

function validDate(value: string | undefined): Date | undefined {
  if (!value || ZERO_TIME.test(value)) return undefined;
  const date = new Date(value);
  return isNaN(date.getTime()) ? undefined : date;
}

export function toView(alert: AlertRecord): AlertView {
  const { stateChanges, flapNotified: _flapNotified, ...rest } = alert;
  return { ...rest, stateChanges: stateChanges.length };
}
