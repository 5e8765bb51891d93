import { Command } from 'commander';
import { AppConfig } from '@app/config';
import { NpsLinkSigner } from '@app/auth';
import { UsageError } from '../exit-codes';

const DAY_MS = 86_400_000;

export interface NpsLinkOptions {
  user: string;
  survey: string;
  expiresInDays: number;
}

/** The eleven one-click links (scores 0..10) of one user and survey, all with the same token. */
export function buildNpsLinks(
  config: AppConfig,
  options: NpsLinkOptions,
  now: Date,
): Array<{ score: number; url: string }> {
  const token = new NpsLinkSigner(config).sign({
    userId: options.user,
    surveyId: options.survey,
    expiresAt: new Date(now.getTime() + options.expiresInDays * DAY_MS),
  });
  const base = `${config.app.publicBaseUrl.replace(/\/$/, '')}/api/v1/nps`;
  return Array.from({ length: 11 }, (_, score) => ({
    score,
    url: `${base}?token=${encodeURIComponent(token)}&score=${score}`,
  }));
}

export function registerNpsLinkCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('nps-link')
    .description('print signed one-click NPS links (scores 0 to 10) for an e-mail to one user')
    .requiredOption('--user <id>', 'user id the answer is recorded for')
    .option('--survey <id>', 'survey id', 'default')
    .option('--expires-in-days <days>', 'link lifetime in days', '30')
    .action((options: { user: string; survey: string; expiresInDays: string }) => {
      const days = Number(options.expiresInDays);
      if (!Number.isFinite(days) || days <= 0 || days > 3650) {
        throw new UsageError('--expires-in-days must be a number of days between 0 and 3650');
      }
      const links = buildNpsLinks(
        loadConfig(),
        { user: options.user, survey: options.survey, expiresInDays: days },
        new Date(),
      );
      for (const link of links) process.stdout.write(`${link.score}\t${link.url}\n`);
    });
}
