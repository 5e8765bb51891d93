import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { OutboxService } from '@app/outbox';
import { reportSlackMessage } from '../render/report-slack-message';
import { figureChange } from './figure-change';
import { figureDefinitions } from './figure-definitions';
import { FigureValues, ReportFiguresCollector } from './report-figures.collector';
import { ReportPeriod, reportPeriod, shiftPeriod } from './report-period';
import { ReportsRepository } from './reports.repository';
import { FigureUnit, ReportBody, ReportComparison, ReportKind, StoredReport } from './report.types';

/** Stored precision of values; changes are computed from the exact figures first. */
const DISPLAY_DIGITS: Record<FigureUnit, number> = { count: 2, score: 2, ratio: 4, seconds: 4 };

function roundTo(value: number | null, digits: number): number | null {
  return value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}

export interface BuildOptions {
  /** Also announce the report on Slack through the outbox (once per period). */
  notify?: boolean;
}

const COMPARISONS: Record<ReportKind, Array<{ name: string; label: string; days: number }>> = {
  daily: [
    { name: 'previousDay', label: 'vs previous day', days: -1 },
    { name: 'sameDayLastWeek', label: 'vs same day last week', days: -7 },
  ],
  weekly: [{ name: 'previousWeek', label: 'vs previous week', days: -7 }],
};

/**
 * Builds a report for a date and stores it (one row per kind and period, replaced): the single entry
 * point of the scheduled jobs and of the `report` CLI command, so both produce the same document.
 */
@Injectable()
export class ReportBuilder {
  private readonly logger = new Logger(ReportBuilder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly collector: ReportFiguresCollector,
    private readonly repository: ReportsRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async build(kind: ReportKind, date: string, options: BuildOptions = {}): Promise<StoredReport> {
    const started = Date.now();
    const period = reportPeriod(kind, date, this.config.reports.timeZone);
    const body = await this.compose(period);
    const report: StoredReport = {
      kind,
      periodStart: period.start,
      periodEnd: period.end,
      timeZone: period.timeZone,
      builtAt: this.clock.now().toISOString(),
      body,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.repository.upsert(manager, report);
      if (options.notify)
        await this.outbox.enqueue(manager, reportSlackMessage(report, this.config.app.publicBaseUrl));
    });
    this.logger.log({
      message: `Built the ${kind} report of ${period.start}`,
      durationMs: Date.now() - started,
      notified: options.notify === true,
    });
    return report;
  }

  private async compose(period: ReportPeriod): Promise<ReportBody> {
    const comparisons = COMPARISONS[period.kind];
    const current = await this.collector.collect(period);
    const bases: Array<{ comparison: ReportComparison; values: FigureValues }> = [];
    for (const { name, label, days } of comparisons) {
      const base = shiftPeriod(period, days);
      bases.push({
        comparison: { name, label, start: base.start, end: base.end },
        values: await this.collector.collect(base),
      });
    }
    return {
      kind: period.kind,
      timeZone: period.timeZone,
      period: {
        start: period.start,
        end: period.end,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
      },
      comparisons: bases.map((base) => base.comparison),
      funnelSteps: this.config.activity.funnelSteps,
      figures: figureDefinitions(period.kind).map((definition) => {
        const value = current[definition.key] ?? null;
        const digits = DISPLAY_DIGITS[definition.unit];
        return {
          ...definition,
          value: roundTo(value, digits),
          changes: Object.fromEntries(
            bases.map(({ comparison, values }) => {
              const change = figureChange(value, values[definition.key] ?? null);
              return [comparison.name, { ...change, base: roundTo(change.base, digits) }];
            }),
          ),
        };
      }),
    };
  }
}
