import { Command } from 'commander';
import { ActivityModule, EventIngestService, ValidatedEvent } from '@app/activity';
import { AppConfig } from '@app/config';
import { FEEDBACK_TYPES, FeedbackModule, FeedbackService, NpsService } from '@app/feedback';
import { withAppContext } from '../cli-app';

const FUNNEL = ['view_landing', 'click_signup', 'complete_registration', 'first_purchase'];
const MESSAGES = [
  'Love the new dashboard, it is fast and clear',
  'The export button is broken again, very frustrating',
  'Could you add dark mode?',
  '界面很漂亮，用起来很方便',
  '登录太慢了，不好用',
  'Checkout works, nothing special',
];

/** A deterministic pseudo-random sequence, so two runs seed the same demo data. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
}

export function registerSeedDemoCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('seed-demo')
    .description(
      'seed demo events, feedback and NPS answers over the last days (through the normal services)',
    )
    .option('--users <n>', 'number of users', '500')
    .option('--days <n>', 'days of history, ending today (≤ 29: events older than 30 days are refused)', '14')
    .action(async (options: { users: string; days: string }) => {
      const users = Number(options.users);
      const days = Number(options.days);
      if (!Number.isInteger(users) || users < 1 || users > 100_000)
        throw new Error('--users must be 1..100000');
      if (!Number.isInteger(days) || days < 1 || days > 29) throw new Error('--days must be 1..29');
      const random = sequence(42);
      const counts = await withAppContext(loadConfig(), [ActivityModule, FeedbackModule], async (app) => {
        const ingest = app.get(EventIngestService);
        const feedback = app.get(FeedbackService);
        const nps = app.get(NpsService);
        const now = Date.now();
        let events = 0;
        let batch: ValidatedEvent[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await ingest.ingest(batch);
          events += batch.length;
          batch = [];
        };
        for (let u = 0; u < users; u++) {
          const userId = `demo-user-${u}`;
          const start = now - Math.floor(random() * days) * 86_400_000 - Math.floor(random() * 3_600_000);
          // Each user walks the funnel and drops off with a realistic probability at each step.
          for (let step = 0; step < FUNNEL.length && (step === 0 || random() < 0.6); step++) {
            const occurredAt = new Date(Math.min(start + step * 600_000, now));
            batch.push({
              eventId: `demo-${u}-${step}`,
              userId,
              event: FUNNEL[step],
              occurredAt,
              properties: {},
            });
            if (step === 2) {
              batch.push({
                eventId: `demo-${u}-reg`,
                userId,
                event: 'user_registered',
                occurredAt,
                properties: { source: 'organic' },
              });
              if (random() < 0.5) {
                batch.push({
                  eventId: `demo-${u}-act`,
                  userId,
                  event: 'user_activated',
                  occurredAt,
                  properties: {},
                });
              }
            }
          }
          if (batch.length >= 400) await flush();
        }
        await flush();
        const answers = Math.ceil(users / 5);
        for (let i = 0; i < answers; i++) {
          await nps.answer({ userId: `demo-user-${i}`, score: Math.min(10, Math.floor(random() * 11)) });
        }
        const notes = Math.ceil(users / 20);
        for (let i = 0; i < notes; i++) {
          await feedback.submit(
            {
              type: FEEDBACK_TYPES[i % FEEDBACK_TYPES.length],
              message: MESSAGES[i % MESSAGES.length],
              userId: `demo-user-${i}`,
            },
            { userAgent: 'pulse-cli seed-demo', referer: undefined },
          );
        }
        return { events, answers, notes };
      });
      process.stdout.write(
        `Seeded ${counts.events} events, ${counts.answers} NPS answers and ${counts.notes} feedback messages\n`,
      );
    });
}
