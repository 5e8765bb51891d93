import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/clock';
import { OutboxService } from '@app/outbox';
import { ScheduledJob } from '@app/jobs';
import { toRecord } from '../alerts/alert.store';
import { slackDigest } from '../notify/alert-messages';

/**
 * Hourly: the P2 changes queued since the last run go out as one Slack message. Claiming (DELETE …
 * RETURNING) and enqueueing share a transaction, so each change is in exactly one digest.
 */
@Injectable()
export class AlertDigestJob {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
  ) {}

  @ScheduledJob({ name: 'alert-digest', cron: '0 0 * * * *' })
  async run(): Promise<{ entries: number }> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const [claimed]: [Array<{ id: string; alert_id: string; status: string; at: Date }>, number] =
        await manager.query(
          `DELETE FROM "alert_digest_entries" WHERE "id" IN (
           SELECT "id" FROM "alert_digest_entries" WHERE "at" <= $1 ORDER BY "id" LIMIT 200 FOR UPDATE SKIP LOCKED)
         RETURNING "id", "alert_id", "status", "at"`,
          [now],
        );
      if (claimed.length === 0) return { entries: 0 };
      const rows: Array<Record<string, unknown>> = await manager.query(
        `SELECT * FROM "alerts" WHERE "id" = ANY($1::uuid[])`,
        [[...new Set(claimed.map((c) => c.alert_id))]],
      );
      const alerts = new Map(rows.map((row) => [String(row.id), toRecord(row)]));
      const entries = claimed
        .sort((a, b) => Number(a.id) - Number(b.id))
        .flatMap((c) => {
          const alert = alerts.get(c.alert_id);
          return alert ? [{ alert, status: c.status, at: c.at }] : [];
        });
      const first = Math.min(...claimed.map((c) => Number(c.id)));
      await this.outbox.enqueue(manager, {
        channel: 'slack',
        source: 'alerting',
        payload: slackDigest(entries, now),
        dedupeKey: `alert-digest:${first}`,
      });
      return { entries: entries.length };
    });
  }
}
