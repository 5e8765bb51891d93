import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '@app/clock';
import { AlertReference, IncidentGateway } from './incident-gateway';
import { IncidentResponseService } from './incident-response.service';
import { IncidentSeverity, OPEN_STATUSES } from './incident-status';
import { IncidentStore } from './incident.store';
import { IncidentsService } from './incidents.service';

const ALERTING = 'alerting';
const SEVERITY_OF_PRIORITY: Record<AlertReference['priority'], IncidentSeverity> = {
  P0: 'SEV-1',
  P1: 'SEV-2',
  P2: 'SEV-3',
  P3: 'SEV-4',
};

/**
 * What alerting calls. An alert whose fingerprint already has an open incident is added to that
 * incident's timeline instead of opening a second one (a unique index settles races between replicas).
 */
@Injectable()
export class IncidentGatewayService extends IncidentGateway {
  private readonly logger = new Logger(IncidentGatewayService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: IncidentStore,
    private readonly incidents: IncidentsService,
    private readonly response: IncidentResponseService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async openFromAlert(alert: AlertReference): Promise<{ incidentId: string }> {
    const existing = await this.openIncidentFor(alert.fingerprint);
    if (existing) return this.relinkAlert(existing, alert);
    const now = this.clock.now();
    const startsAt =
      alert.startsAt instanceof Date && !isNaN(alert.startsAt.getTime()) ? alert.startsAt : now;
    try {
      const incident = await this.dataSource.transaction((manager) =>
        this.incidents.insert(
          manager,
          {
            title: (alert.summary || alert.name).slice(0, 200),
            summary: alert.description ?? '',
            severity: SEVERITY_OF_PRIORITY[alert.priority],
            detectedAt: startsAt.getTime() < now.getTime() ? startsAt : now,
            sourceAlert: alert.fingerprint.slice(0, 200),
          },
          ALERTING,
          [{ kind: 'alert', author: ALERTING, at: now, message: describe(alert), data: alertData(alert) }],
        ),
      );
      await this.incidents.afterCreate(incident);
      this.logger.log(`Opened ${incident.id} (${incident.severity}) for alert ${alert.name}`);
      return { incidentId: incident.id };
    } catch (error) {
      const raced =
        (error as { code?: string }).code === '23505' && (await this.openIncidentFor(alert.fingerprint));
      if (raced) return this.relinkAlert(raced, alert);
      throw error;
    }
  }

  async appendToTimeline(
    incidentId: string,
    entry: { author: string; message: string; at?: Date },
  ): Promise<void> {
    const at = entry.at && !isNaN(entry.at.getTime()) ? entry.at : undefined;
    await this.response.appendEntry(incidentId, 'alert', entry.author.slice(0, 100), entry.message, at);
  }

  private async openIncidentFor(fingerprint: string): Promise<string | undefined> {
    const incident = await this.store.incidents.findOne({
      where: { sourceAlert: fingerprint.slice(0, 200), status: In([...OPEN_STATUSES]) },
      select: { id: true },
    });
    return incident?.id;
  }

  private async relinkAlert(incidentId: string, alert: AlertReference): Promise<{ incidentId: string }> {
    await this.response.appendEntry(incidentId, 'alert', ALERTING, `Fired again: ${describe(alert)}`);
    return { incidentId };
  }
}

function describe(alert: AlertReference): string {
  return `Alert ${alert.name} (${alert.priority}) firing since ${alert.startsAt.toISOString()}: ${alert.summary}`;
}

function alertData(alert: AlertReference): Record<string, unknown> {
  return { fingerprint: alert.fingerprint, name: alert.name, priority: alert.priority, labels: alert.labels };
}
