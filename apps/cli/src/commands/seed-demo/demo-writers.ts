// The writes of seed-demo, each through the service the API uses for it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { INestApplicationContext } from '@nestjs/common';
import { EventIngestService, ValidatedEvent } from '@app/activity';
import { AlertInput, AlertPipeline } from '@app/alerting';
import { Clock } from '@app/clock';
import { AppConfig } from '@app/config';
import { AssignmentService, ExperimentsAdminService } from '@app/experiments';
import { FeedbackService, NpsService } from '@app/feedback';
import { ReportBuilder } from '@app/reports';
import { demoAlerts } from './demo-alerts';
import {
  CHECKOUT_EXPERIMENT,
  DemoPlan,
  DemoUser,
  ONBOARDING_EXPERIMENT,
  PlannedFeedback,
  PlannedNps,
  Variants,
} from './demo-plan';

const EVENT_BATCH = 500;
const HOUR = 3_600_000;

/**
 * The services' clock during the seed: inside `at(time, write)` it reads that time (feedback, NPS
 * answers, exposures and alerts take their time from the clock, as they do in the API), real time
 * otherwise. Async-local, so writes at different times can run concurrently.
 */
export class SeedClock extends Clock {
  private readonly pinned = new AsyncLocalStorage<number>();

  now(): Date {
    return new Date(this.pinned.getStore() ?? Date.now());
  }

  at<T>(time: Date, run: () => Promise<T>): Promise<T> {
    return this.pinned.run(time.getTime(), run);
  }
}

/** Runs `write` for each item, a few at a time, with the clock at the item's time. */
export function atTheirTimes<T>(
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

export async function inParallel<T>(
  items: T[],
  width: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** Without --notify nothing is routed anywhere: no outbox message, no digest entry. */
export function quiet(config: AppConfig): AppConfig {
  return { ...config, alerting: { ...config.alerting, routes: { P0: [], P1: [], P2: [], P3: [] } } };
}

/** Creates (or finds, after an interrupted run) the two running demo experiments, as of the window start. */
export async function startExperiments(
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
export async function expose(
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

export async function ingestEvents(app: INestApplicationContext, events: ValidatedEvent[]): Promise<number> {
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

export async function writeVoices(
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
export async function raiseAlerts(
  app: INestApplicationContext,
  clock: SeedClock,
  plan: DemoPlan,
): Promise<number> {
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
export async function buildReports(
  app: INestApplicationContext,
  plan: DemoPlan,
  notify: boolean,
): Promise<number> {
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
