import { AsyncLocalStorage } from 'node:async_hooks';
import { Command } from 'commander';
import { INestApplicationContext } from '@nestjs/common';
import { ActivityModule, EventIngestService, ValidatedEvent } from '@app/activity';
import { AlertInput, AlertPipeline, AlertingModule } from '@app/alerting';
import { Clock } from '@app/clock';
import { AppConfig } from '@app/config';
import { AssignmentService, ExperimentsAdminService, ExperimentsModule } from '@app/experiments';
import { FeedbackModule, FeedbackService, NpsService } from '@app/feedback';
import { IncidentsModule } from '@app/incidents';
import { OutboxDispatcher } from '@app/outbox';
import { ReportBuilder, ReportsModule } from '@app/reports';
import { withAppContext } from '../cli-app';
import {
  CHECKOUT_EXPERIMENT,
  DemoPlan,
  DemoUser,
  MARKER_EXPERIMENT,
  ONBOARDING_EXPERIMENT,
  PlannedFeedback,
  PlannedNps,
  Variants,
} from './seed-demo/demo-plan';
import { demoAlerts } from './seed-demo/demo-alerts';

export const SEED_DEFAULTS = { users: 500, days: 14 } as const;
const EVENT_BATCH = 500;
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

/**
 * The services' clock during the seed: inside `at(time, write)` it reads that time (feedback, NPS
 * answers, exposures and alerts take their time from the clock, as they do in the API), real time
 * otherwise. Async-local, so writes at different times can run concurrently.
 */
class SeedClock extends Clock {
  private readonly pinned = new AsyncLocalStorage<number>();

  now(): Date {
    return new Date(this.pinned.getStore() ?? Date.now());
  }

  at<T>(time: Date, run: () => Promise<T>): Promise<T> {
    return this.pinned.run(time.getTime(), run);
  }
}

/** Runs `write` for each item, a few at a time, with the clock at the item's time. */
function atTheirTimes<T>(
  clock: SeedClock,
  items: T[],
  timeOf: (item: T) => Date,
  write: (item: T) => Promise<unknown>,
): Promise<void> {
  const sorted = [...items].sort((a, b) => timeOf(a).getTime() - timeOf(b).getTime());
  return inParallel(sorted, 6, async (item) => {
    await clock.at(timeOf(item), () => write(item));
  });
}

async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** Without --notify nothing is routed anywhere: no outbox message, no digest entry. */
function quiet(config: AppConfig): AppConfig {
  return { ...config, alerting: { ...config.alerting, routes: { P0: [], P1: [], P2: [], P3: [] } } };
}

/** Creates (or finds, after an interrupted run) the two running demo experiments, as of the window start. */
async function startExperiments(
  app: INestApplicationContext,
  clock: SeedClock,
  plan: DemoPlan,
): Promise<void> {
  const admin = app.get(ExperimentsAdminService);
  const definitions = [
    {
      key: CHECKOUT_EXPERIMENT,
      description: 'One-click checkout button vs the current form (demo: a real lift on purchases)',
      variants: [
        { key: 'control', weight: 50 },
        { key: 'one-click', weight: 50 },
      ],
      primaryEvent: 'first_purchase',
      guardrailEvents: ['user_activated'],
    },
    {
      key: ONBOARDING_EXPERIMENT,
      description: 'Guided onboarding tour (demo: no real difference on activation)',
      variants: [
        { key: 'control', weight: 50 },
        { key: 'tour', weight: 50 },
      ],
      primaryEvent: 'user_activated',
    },
  ];
  await clock.at(new Date(plan.start - HOUR), async () => {
    for (const dto of definitions) {
      const existing = await admin.get(dto.key).catch(() => null);
      if (!existing) await admin.create(dto);
      if (!existing || existing.status === 'draft') await admin.start(dto.key);
    }
  });
}

/** Exposes each new user to both experiments when they register; returns their variants. */
async function expose(
  app: INestApplicationContext,
  clock: SeedClock,
  users: DemoUser[],
): Promise<{ variants: Map<number, Variants>; exposures: number }> {
  const assignment = app.get(AssignmentService);
  const variants = new Map<number, Variants>();
  let exposures = 0;
  const registered = users.filter((u): u is DemoUser & { registeredAt: Date } => u.registeredAt !== null);
  await atTheirTimes(
    clock,
    registered,
    (u) => u.registeredAt,
    async (user) => {
      const assigned: Variants = {};
      for (const key of [CHECKOUT_EXPERIMENT, ONBOARDING_EXPERIMENT]) {
        assigned[key] = (await assignment.assign(key, user.userId)).variant;
        if (assigned[key] !== null) exposures++;
      }
      variants.set(user.index, assigned);
    },
  );
  return { variants, exposures };
}

async function ingestEvents(app: INestApplicationContext, events: ValidatedEvent[]): Promise<number> {
  const ingest = app.get(EventIngestService);
  const batches: ValidatedEvent[][] = [];
  for (let i = 0; i < events.length; i += EVENT_BATCH) batches.push(events.slice(i, i + EVENT_BATCH));
  let stored = 0;
  await inParallel(batches, 3, async (batch) => {
    const result = await ingest.ingest(batch); // not `stored += await …`: that reads `stored` before waiting
    stored += result.stored;
  });
  return stored;
}

async function writeVoices(
  app: INestApplicationContext,
  clock: SeedClock,
  nps: PlannedNps[],
  feedback: PlannedFeedback[],
  announceAfter: number,
): Promise<void> {
  const npsService = app.get(NpsService);
  const feedbackService = app.get(FeedbackService);
  await atTheirTimes(
    clock,
    nps,
    (a) => a.at,
    (a) => npsService.answer({ userId: a.userId, score: a.score, ...(a.reason ? { reason: a.reason } : {}) }),
  );
  await atTheirTimes(
    clock,
    feedback,
    (f) => f.at,
    (f) =>
      feedbackService.submit(
        {
          type: f.type,
          message: f.message,
          userId: f.userId,
          metadata: { demo: true, locale: /[\u4e00-\u9fff]/.test(f.message) ? 'zh-CN' : 'en' },
        },
        { userAgent: 'pulse-cli seed-demo' },
        { announce: f.at.getTime() > announceAfter },
      ),
  );
}

/** Alerts (and, through the P0 one, an incident) at their times; the open ones are acknowledged or left firing. */
async function raiseAlerts(app: INestApplicationContext, clock: SeedClock, plan: DemoPlan): Promise<number> {
  const pipeline = app.get(AlertPipeline);
  const steps = demoAlerts(plan).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const step of steps) {
    const outcome = await clock.at(step.at, () => pipeline.process(step.input satisfies AlertInput));
    if (step.acknowledge) {
      await clock.at(new Date(step.at.getTime() + 20 * 60_000), () =>
        pipeline.acknowledge(outcome.id, 'seed-demo'),
      );
    }
  }
  return new Set(steps.map((s) => s.input.labels.alertname)).size;
}

/** Daily reports of each full day of the window and the weekly reports of its full weeks. */
async function buildReports(app: INestApplicationContext, plan: DemoPlan, notify: boolean): Promise<number> {
  const builder = app.get(ReportBuilder);
  const day = (index: number) => new Date(plan.dayStart(index)).toISOString().slice(0, 10);
  const last = plan.window.days - 2;
  const builds: Array<() => Promise<unknown>> = [];
  for (let d = 0; d <= last; d++)
    builds.push(() => builder.build('daily', day(d), { notify: notify && d === last }));
  for (let d = last - 7; d >= 0; d -= 7)
    builds.push(() => builder.build('weekly', day(d), { notify: false }));
  await inParallel(builds, 2, async (build) => {
    await build();
  });
  return builds.length;
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
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) throw new Error(`${name} must be 1..${max}`);
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
