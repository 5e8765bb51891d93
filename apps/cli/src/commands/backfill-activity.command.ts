import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { ActivityBackfillService, ActivityModule } from '@app/activity';
import { ClockModule } from '@app/clock';
import { AppConfig } from '@app/config';
import { withAppContext } from '../cli-app';
import { UsageError } from '../exit-codes';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!DAY.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`${name} must be a date YYYY-MM-DD`);
  return value;
}

/** `backfill-activity [--from --to]`: rebuilds user_daily_activity and the Redis day keys. */
export function registerBackfillActivityCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('backfill-activity')
    .description('rebuild user_daily_activity and the Redis active-user keys from analytics_events')
    .option('--from <day>', 'first UTC day (YYYY-MM-DD); default: the first day with events')
    .option('--to <day>', 'last UTC day, inclusive; default: the last day with events')
    .action(async (options: { from?: string; to?: string }) => {
      let from = parseDay(options.from, '--from');
      let to = parseDay(options.to, '--to');
      await withAppContext(loadConfig(), [ClockModule.forRoot(), ActivityModule], async (app) => {
        const backfill = app.get(ActivityBackfillService);
        if (!from || !to) {
          const range = await backfill.eventDays();
          if (!range) {
            process.stdout.write('No events: nothing to backfill\n');
            return;
          }
          from ??= range.first;
          to ??= range.last;
        }
        if (from > to) throw new UsageError('--from must not be after --to');
        const days = backfill.days(from, to);
        const bar = new SingleBar(
          { format: 'backfill [{bar}] {value}/{total} days | {day} | {users} users', stream: process.stderr },
          Presets.shades_classic,
        );
        bar.start(days.length, 0, { day: from, users: 0 });
        let rows = 0;
        let redisDays = 0;
        try {
          for (const day of days) {
            const result = await backfill.rebuildDay(day);
            rows += result.users;
            if (result.redisRebuilt) redisDays++;
            bar.increment(1, { day, users: result.users });
          }
        } finally {
          bar.stop();
        }
        const skipped = days.length - redisDays;
        process.stdout.write(
          `Rebuilt ${days.length} days (${from}..${to}): ${rows} user-day rows, ${redisDays} Redis day keys` +
            (skipped > 0 ? ` (${skipped} days are too old for Redis: past the 35-day retention)\n` : '\n'),
        );
      });
    });
}
