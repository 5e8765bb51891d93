import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/clock';
import { ScheduledJob } from '@app/jobs';

const OUTBOX_RETENTION_MS = 30 * 86_400_000;
/** Alerting names its table alert_silences; `silences` is the name the issue uses. */
const SILENCE_TABLES = ['alert_silences', 'silences'];

export interface HousekeepingResult {
  expiredSilences: number;
  deliveredOutboxMessages: number;
}

/** Daily: deletes expired one-off silences and outbox messages delivered more than 30 days ago. */
@Injectable()
export class HousekeepingJob {
  private readonly logger = new Logger(HousekeepingJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @ScheduledJob({ name: 'housekeeping', cron: '0 30 3 * * *' })
  async run(): Promise<HousekeepingResult> {
    const now = this.clock.now();
    let expiredSilences = 0;
    for (const table of SILENCE_TABLES) expiredSilences += await this.deleteExpiredSilences(table, now);
    const [, deliveredOutboxMessages] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM "outbox_messages" WHERE "status" = 'delivered' AND "delivered_at" < $1`,
      [new Date(now.getTime() - OUTBOX_RETENTION_MS)],
    );
    const result = { expiredSilences, deliveredOutboxMessages };
    this.logger.log({ message: 'Housekeeping done', ...result });
    return result;
  }

  /** Silences that ended before now; recurring ones (a `recurrence` column set) come back, so stay. */
  private async deleteExpiredSilences(table: string, now: Date): Promise<number> {
    const columns: Array<{ column_name: string }> = await this.dataSource.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    const names = new Set(columns.map((column) => column.column_name));
    if (!names.has('ends_at')) return 0;
    const recurring = names.has('recurrence') ? ' AND "recurrence" IS NULL' : '';
    const [, deleted] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM "${table}" WHERE "ends_at" IS NOT NULL AND "ends_at" < $1${recurring}`,
      [now],
    );
    return deleted;
  }
}
