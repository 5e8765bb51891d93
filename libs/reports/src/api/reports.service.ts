import { Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ReportsRepository } from '../build/reports.repository';
import { localDate, parseReportDate, reportPeriod } from '../build/report-period';
import { ReportKind, ReportSummary, StoredReport } from '../build/report.types';
import { renderReportCsv } from '../render/report-csv.renderer';
import { renderReportMarkdown } from '../render/report-markdown.renderer';
import { ValidationFailedException } from '@app/validation';

const DEFAULT_LIST_DAYS = 30;
const MAX_LIST_DAYS = 366;

/** Admin reads of stored reports, as JSON, Markdown or CSV. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Reports whose period starts in [from, to] (default: the last 30 days). */
  async list(kind: ReportKind, query: { from?: string; to?: string }): Promise<{ items: ReportSummary[] }> {
    const zone = this.config.reports.timeZone;
    const to = query.to ? parseReportDate(query.to, 'to') : localDate(this.clock.now(), zone);
    const from = query.from
      ? parseReportDate(query.from, 'from')
      : DateTime.fromISO(to)
          .minus({ days: DEFAULT_LIST_DAYS - 1 })
          .toISODate()!;
    if (from > to) throw ValidationFailedException.of('from', 'invalid', 'from must not be after to');
    const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;
    if (days >= MAX_LIST_DAYS)
      throw ValidationFailedException.of(
        'to',
        'invalid',
        `the range from..to must be at most ${MAX_LIST_DAYS} days`,
      );
    return { items: await this.repository.list(kind, from, to) };
  }

  /** The stored report of the period containing the date (a week for weekly); 404 when none. */
  async get(kind: ReportKind, date: string): Promise<StoredReport> {
    const period = reportPeriod(kind, date, this.config.reports.timeZone);
    const report = await this.repository.find(kind, period.start);
    if (!report) {
      // Say how to get one: the job builds the last complete period, the CLI any date.
      throw new NotFoundException(
        `no ${kind} report for ${date}: build it with \`npx pulse report --date ${date}${
          kind === 'weekly' ? ' --weekly' : ''
        }\`, or POST /api/v1/admin/jobs/${kind}-report/run for the last complete ${kind === 'daily' ? 'day' : 'week'}`,
      );
    }
    return report;
  }

  async markdown(kind: ReportKind, date: string): Promise<string> {
    return renderReportMarkdown(await this.get(kind, date));
  }

  async csv(kind: ReportKind, date: string): Promise<string> {
    return renderReportCsv(await this.get(kind, date));
  }
}
