import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/clock';
import { INCIDENT_SEVERITIES, IncidentSeverity, IncidentStatus } from './incident-status';
import { DurationSummary, summarizeDurations } from './incident-stats';
import { ValidationFailedException } from '@app/validation';

const DEFAULT_PERIOD_MS = 30 * 24 * 3600 * 1000;

export interface SeverityFigures {
  opened: number;
  resolved: number;
  mtta: DurationSummary;
  mttr: DurationSummary;
}

/**
 * Incident figures over [from, to): `opened` counts incidents detected in the period, `resolved` those
 * resolved in it. MTTA is measured on incidents detected in the period that were acknowledged
 * (acknowledged − detected); MTTR on incidents resolved in the period (resolved − detected).
 */
export interface IncidentReport extends SeverityFigures {
  from: string;
  to: string;
  bySeverity: Record<IncidentSeverity, SeverityFigures>;
}

export interface OpenIncidentSummary {
  id: string;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  commander: string | null;
  detectedAt: Date;
}

interface Row {
  id: string;
  severity: IncidentSeverity;
  detected_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
}

/** Read-only incident figures for the admin report and the daily report. */
@Injectable()
export class IncidentsReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async report(from?: Date, to?: Date): Promise<IncidentReport> {
    const end = to ?? this.clock.now();
    const start = from ?? new Date(end.getTime() - DEFAULT_PERIOD_MS);
    if (start.getTime() >= end.getTime())
      throw ValidationFailedException.of('from', 'invalid', 'from must be before to');
    const rows: Row[] = await this.dataSource.query(
      `SELECT "id", "severity", "detected_at", "acknowledged_at", "resolved_at" FROM "incidents"
       WHERE ("detected_at" >= $1 AND "detected_at" < $2) OR ("resolved_at" >= $1 AND "resolved_at" < $2)`,
      [start, end],
    );
    const within = (at: Date | null) => at !== null && at >= start && at < end;
    const figures = (subset: Row[]): SeverityFigures => {
      const opened = subset.filter((row) => within(row.detected_at));
      const resolved = subset.filter((row) => within(row.resolved_at));
      return {
        opened: opened.length,
        resolved: resolved.length,
        mtta: summarizeDurations(
          opened
            .filter((row) => row.acknowledged_at)
            .map((row) => seconds(row.detected_at, row.acknowledged_at!)),
        ),
        mttr: summarizeDurations(resolved.map((row) => seconds(row.detected_at, row.resolved_at!))),
      };
    };
    const bySeverity = Object.fromEntries(
      INCIDENT_SEVERITIES.map((severity) => [
        severity,
        figures(rows.filter((row) => row.severity === severity)),
      ]),
    ) as Record<IncidentSeverity, SeverityFigures>;
    return { from: start.toISOString(), to: end.toISOString(), ...figures(rows), bySeverity };
  }

  /** Incidents not resolved yet, most severe first. */
  async openIncidents(): Promise<OpenIncidentSummary[]> {
    const rows: Array<Omit<OpenIncidentSummary, 'detectedAt'> & { detected_at: Date }> =
      await this.dataSource.query(
        `SELECT "id", "title", "severity", "status", "commander", "detected_at" FROM "incidents"
       WHERE "status" NOT IN ('resolved', 'closed') ORDER BY "severity", "detected_at"`,
      );
    return rows.map(({ detected_at, ...row }) => ({ ...row, detectedAt: detected_at }));
  }
}

function seconds(start: Date, end: Date): number {
  return Math.max(0, (end.getTime() - start.getTime()) / 1000);
}
