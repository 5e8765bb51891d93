import { Command } from 'commander';
import { AuthModule } from '@app/auth';
import { CacheModule } from '@app/cache';
import { ClockModule } from '@app/clock';
import { AppConfig } from '@app/config';
import { DateTime } from 'luxon';
import { ReportBuilder, ReportsModule, StoredReport, parseReportDate } from '@app/reports';
import { withAppContext } from '../cli-app';
import { UsageError } from '../exit-codes';

export interface ReportCommandOptions {
  date: string;
  weekly?: boolean;
  notify?: boolean;
}

/** What `report` does once the app is up; the e2e test calls it to compare with the job's report. */
export function buildReportFromCli(
  builder: ReportBuilder,
  options: ReportCommandOptions,
): Promise<StoredReport> {
  parseReportDate(options.date, '--date');
  return builder.build(options.weekly ? 'weekly' : 'daily', options.date, {
    notify: options.notify === true,
  });
}

/**
 * The day a `report` run builds: `--date` when given (not after today in the report time zone), else
 * yesterday there, which is what a nightly scheduler wants.
 */
export function resolveReportDate(date: string | undefined, now: Date, timeZone: string): string {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  if (date === undefined) return today.minus({ days: 1 }).toISODate()!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid)
    throw new UsageError(`--date must be a calendar date YYYY-MM-DD, got "${date}"`);
  if (date > today.toISODate()!)
    throw new UsageError(`--date ${date} is in the future (today is ${today.toISODate()} in ${timeZone})`);
  return date;
}

/** `report [--date YYYY-MM-DD] [--weekly] [--notify]`: builds and stores a report (for external schedulers). */
export function registerReportCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('report')
    .description(
      'build and store the daily report of a date (or the weekly report of the week containing it)',
    )
    .option('--date <day>', 'day in REPORT_TIMEZONE, YYYY-MM-DD (default: yesterday there)')
    .option('--weekly', 'build the weekly report (Monday to Sunday) instead')
    .option('--notify', 'also post it to Slack through the outbox (needs SLACK_WEBHOOK_URL)')
    .action(async (options: Partial<ReportCommandOptions>) => {
      // Everything a scheduler could get wrong is refused before the app boots.
      const config = loadConfig();
      const date = resolveReportDate(options.date, new Date(), config.reports.timeZone);
      if (options.notify && !config.notifications.slackWebhookUrl) {
        throw new UsageError('--notify needs SLACK_WEBHOOK_URL: without it nothing would be posted');
      }
      const report = await withAppContext(
        config,
        [ClockModule.forRoot(), CacheModule, AuthModule, ReportsModule],
        (app) => buildReportFromCli(app.get(ReportBuilder), { ...options, date }),
      );
      const figures = report.body.figures.length;
      process.stdout.write(
        `Built the ${report.kind} report ${report.periodStart}..${report.periodEnd} (${report.timeZone}): ${figures} figures\n`,
      );
    });
}
