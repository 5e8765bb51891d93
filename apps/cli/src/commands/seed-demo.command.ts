import { Command } from 'commander';
import { ActivityModule, ValidatedEvent } from '@app/activity';
import { AlertingModule } from '@app/alerting';
import { AppConfig } from '@app/config';
import { ExperimentsAdminService, ExperimentsModule } from '@app/experiments';
import { FeedbackModule } from '@app/feedback';
import { IncidentsModule } from '@app/incidents';
import { OutboxDispatcher } from '@app/outbox';
import { ReportsModule } from '@app/reports';
import { withAppContext } from '../cli-app';
import { UsageError } from '../exit-codes';
import { DemoPlan, MARKER_EXPERIMENT, PlannedFeedback, PlannedNps } from './seed-demo/demo-plan';
import {
  SeedClock,
  buildReports,
  expose,
  ingestEvents,
  quiet,
  raiseAlerts,
  startExperiments,
  writeVoices,
} from './seed-demo/demo-writers';

export const SEED_DEFAULTS = { users: 500, days: 14 } as const;
const HOUR = 3_600_000;

export interface SeedDemoOptions {
  users: number;
  days: number;
  /** Announce as the API would (recent feedback, alerts, the latest daily report); off by default. */
  notify: boolean;
}

export interface SeedDemoResult {
  /** True when a previous complete run was found and nothing was written. */
  alreadySeeded: boolean;
  events: number;
  npsAnswers: number;
  feedback: number;
  exposures: number;
  alerts: number;
  reports: number;
  seconds: number;
  /** Seconds per phase (boot, exposures, events, voices, alerts, reports). */
  phases: Record<string, number>;
}

/** Seeds the demo data through the services the API uses. See docs/DEMO-DATA.md. */
export async function seedDemo(config: AppConfig, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  const clock = new SeedClock();
  const phases: Record<string, number> = {};
  let lapStart = started;
  const lap = (name: string) => {
    phases[name] = Math.round(performance.now() - lapStart) / 1000;
    lapStart = performance.now();
  };
  const modules = [
    ActivityModule,
    FeedbackModule,
    ExperimentsModule,
    IncidentsModule,
    AlertingModule,
    ReportsModule,
  ];
  const result = await withAppContext(
    options.notify ? config : quiet(config),
    modules,
    async (app): Promise<Omit<SeedDemoResult, 'seconds' | 'phases'>> => {
      lap('boot');
      const empty = { events: 0, npsAnswers: 0, feedback: 0, exposures: 0, alerts: 0, reports: 0 };
      const admin = app.get(ExperimentsAdminService);
      if (await admin.get(MARKER_EXPERIMENT).catch(() => null)) return { alreadySeeded: true, ...empty };
      const plan = new DemoPlan({ now: new Date(), days: options.days });
      const users = plan.users(options.users);
      await startExperiments(app, clock, plan);
      const { variants, exposures } = await expose(app, clock, users);
      lap('exposures');
      const events: ValidatedEvent[] = [];
      const nps: PlannedNps[] = [];
      const feedback: PlannedFeedback[] = [];
      for (const user of users) {
        const life = plan.life(user, variants.get(user.index) ?? {});
        events.push(...life.events);
        nps.push(...life.nps);
        feedback.push(...life.feedback);
      }
      const stored = await ingestEvents(app, events);
      lap('events');
      await writeVoices(app, clock, nps, feedback, options.notify ? Date.now() - 24 * HOUR : Infinity);
      lap('voices');
      const alerts = await raiseAlerts(app, clock, plan);
      lap('alerts');
      const reports = await buildReports(app, plan, options.notify);
      lap('reports');
      await admin.create({
        key: MARKER_EXPERIMENT,
        description: 'Annual plan first on the pricing page (demo: a draft, not started)',
        variants: [
          { key: 'control', weight: 1 },
          { key: 'annual-first', weight: 1 },
        ],
        primaryEvent: 'first_purchase',
      });
      // Deliver what --notify enqueued before the process exits (the API's dispatcher would otherwise).
      if (options.notify) await app.get(OutboxDispatcher).dispatchOnce();
      return {
        alreadySeeded: false,
        events: stored,
        npsAnswers: nps.length,
        feedback: feedback.length,
        exposures,
        alerts,
        reports,
      };
    },
    { clock },
  );
  return { ...result, seconds: (performance.now() - started) / 1000, phases };
}

function parseCount(value: string, name: string, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
    throw new UsageError(`${name} must be 1..${max}`);
  return parsed;
}

export function registerSeedDemoCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('seed-demo')
    .description(
      'seed demo data with trends (events, funnel, NPS, feedback, experiments, alerts, reports) through the services',
    )
    .option('--users <n>', 'number of users (1..100000)', String(SEED_DEFAULTS.users))
    .option(
      '--days <n>',
      'days of history ending today (1..30: events older than 30 days are refused)',
      String(SEED_DEFAULTS.days),
    )
    .option(
      '--notify',
      'announce to Slack/PagerDuty as the API would (the last 24 h of feedback, alerts, the latest report)',
    )
    .action(async (raw: { users: string; days: string; notify?: boolean }) => {
      const options = {
        users: parseCount(raw.users, '--users', 100_000),
        days: parseCount(raw.days, '--days', 30),
        notify: raw.notify === true,
      };
      const result = await seedDemo(loadConfig(), options);
      if (result.alreadySeeded) {
        process.stdout.write(
          `Demo data is already there (experiment ${MARKER_EXPERIMENT} exists): nothing written. Use an empty database to seed again.\n`,
        );
        return;
      }
      process.stdout.write(
        `Seeded ${result.events} events, ${result.npsAnswers} NPS answers, ${result.feedback} feedback messages, ` +
          `${result.exposures} experiment exposures, ${result.alerts} alerts and ${result.reports} reports ` +
          `for ${options.users} users over ${options.days} days in ${result.seconds.toFixed(1)} s\n`,
      );
    });
}
