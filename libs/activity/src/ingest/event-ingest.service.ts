import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Counter, InjectMetric } from '@app/metrics';
import { EventPartitionsService } from '../partitions/event-partitions.service';
import { ActiveUsersStore } from '../realtime/active-users.store';
import { utcDay } from '../realtime/utc-day';
import { ValidatedEvent } from './ingest-event.dto';
import { BoundedLabel } from './metric-labels';

export interface IngestResult {
  /** Events in the request. */
  received: number;
  /** Events stored now (the others were retries of an already stored eventId). */
  stored: number;
  duplicates: number;
}

interface InsertedRow {
  user_id: string;
  event: string;
  occurred_at: Date;
  label: string | null;
}

/**
 * One statement per batch, so atomic: the multi-row insert (unnest of column arrays, duplicates of a
 * known eventId skipped) and the upsert of user_daily_activity from exactly the rows inserted. Rows
 * are grouped and ordered by (day, user_id) so that concurrent batches lock in the same order.
 */
const INGEST_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])
      AS t(event_id, user_id, event, occurred_at, properties)
  ), inserted AS (
    INSERT INTO analytics_events (event_id, user_id, event, occurred_at, properties)
    SELECT event_id, user_id, event, occurred_at, properties FROM input
    ON CONFLICT (event_id, occurred_at) DO NOTHING
    RETURNING user_id, event, occurred_at,
      CASE event WHEN 'user_registered' THEN properties->>'source'
                 WHEN 'user_logged_in' THEN properties->>'method' END AS label
  ), daily AS (
    INSERT INTO user_daily_activity AS d (user_id, day, first_seen_at, events)
    SELECT user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, min(occurred_at), count(*)
    FROM inserted GROUP BY 1, 2 ORDER BY 2, 1
    ON CONFLICT (day, user_id) DO UPDATE
      SET first_seen_at = least(d.first_seen_at, excluded.first_seen_at), events = d.events + excluded.events
    RETURNING 1
  )
  SELECT user_id, event, occurred_at, label FROM inserted`;

@Injectable()
export class EventIngestService {
  private readonly sources: BoundedLabel;
  private readonly methods: BoundedLabel;
  private readonly funnelSteps: Set<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activeUsers: ActiveUsersStore,
    private readonly partitions: EventPartitionsService,
    config: AppConfig,
    @InjectMetric('user_registrations_total') private readonly registrations: Counter<string>,
    @InjectMetric('user_logins_total') private readonly logins: Counter<string>,
    @InjectMetric('conversion_funnel_total') private readonly funnel: Counter<string>,
    @InjectMetric('user_activated_total') private readonly activated: Counter<string>,
  ) {
    this.sources = new BoundedLabel(config.activity.registrationSources);
    this.methods = new BoundedLabel(config.activity.loginMethods);
    this.funnelSteps = new Set(config.activity.funnelSteps);
    // Every known label value exists at 0 from the start: rate() then sees the first events too.
    for (const source of this.sources.values()) registrations.inc({ source }, 0);
    for (const method of this.methods.values()) logins.inc({ method }, 0);
    for (const step of this.funnelSteps) funnel.inc({ step }, 0);
  }

  /** Stores a validated batch; resolves only after PostgreSQL committed it. */
  async ingest(events: ValidatedEvent[]): Promise<IngestResult> {
    const params = [
      events.map((e) => e.eventId),
      events.map((e) => e.userId),
      events.map((e) => e.event),
      events.map((e) => e.occurredAt.toISOString()),
      events.map((e) => JSON.stringify(e.properties)),
    ];
    let rows: InsertedRow[];
    try {
      rows = await this.dataSource.query<InsertedRow[]>(INGEST_SQL, params);
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      // An accepted timestamp whose daily partition the job has not created (yet): create it, retry once.
      const times = events.map((e) => e.occurredAt.getTime());
      await this.partitions.ensure(new Date(Math.min(...times)), new Date(Math.max(...times)));
      rows = await this.dataSource.query<InsertedRow[]>(INGEST_SQL, params);
    }
    this.count(rows);
    await this.activeUsers.mark(this.usersByDay(rows));
    return { received: events.length, stored: rows.length, duplicates: events.length - rows.length };
  }

  private count(rows: InsertedRow[]): void {
    for (const row of rows) {
      if (row.event === 'user_registered') this.registrations.inc({ source: this.sources.of(row.label) });
      else if (row.event === 'user_logged_in') this.logins.inc({ method: this.methods.of(row.label) });
      else if (row.event === 'user_activated') this.activated.inc();
      if (this.funnelSteps.has(row.event)) this.funnel.inc({ step: row.event });
    }
  }

  private usersByDay(rows: InsertedRow[]): Map<string, Set<string>> {
    const byDay = new Map<string, Set<string>>();
    for (const row of rows) {
      const day = utcDay(new Date(row.occurred_at));
      let users = byDay.get(day);
      if (!users) byDay.set(day, (users = new Set()));
      users.add(row.user_id);
    }
    return byDay;
  }
}

/** PostgreSQL's "no partition of relation … found for row" (SQLSTATE 23514, like a CHECK failure). */
function isMissingPartition(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '23514' && /no partition/i.test(message ?? '');
}
