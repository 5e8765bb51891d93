import { Command } from 'commander';
import { AuthModule } from '@app/auth';
import { CacheModule } from '@app/cache';
import { ClockModule } from '@app/clock';
import { AppConfig } from '@app/config';
import { ReportBuilder, ReportsModule, StoredReport, parseReportDate } from '@app/reports';
import { withAppContext } from '../cli-app';

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

/** `report --date YYYY-MM-DD [--weekly] [--notify]`: builds and stores a report (for external schedulers). */
export function registerReportCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('report')
    .description(
      'build and store the daily report of a date (or the weekly report of the week containing it)',
    )
    .requiredOption('--date <day>', 'day in REPORT_TIMEZONE, YYYY-MM-DD')
    .option('--weekly', 'build the weekly report (Monday to Sunday) instead')
    .option('--notify', 'also post it to Slack through the outbox (the scheduled jobs always do)')
    .action(async (options: ReportCommandOptions) => {
      parseReportDate(options.date, '--date'); // before booting the app
      const report = await withAppContext(
        loadConfig(),
        [ClockModule.forRoot(), CacheModule, AuthModule, ReportsModule],
        (app) => buildReportFromCli(app.get(ReportBuilder), options),
      );
      const figures = report.body.figures.length;
      process.stdout.write(
        `Built the ${report.kind} report ${report.periodStart}..${report.periodEnd} (${report.timeZone}): ${figures} figures\n`,
      );
    });
}
