import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';

const DAY_MS = 86_400_000;
/** Daily partitions kept ready beyond today (ingestion accepts timestamps up to 24 h ahead). */
export const PARTITIONS_AHEAD_DAYS = 7;
/** Serialises partition DDL across replicas (pg_advisory_xact_lock key). */
const DDL_LOCK = 21_000_001;
/** A drop waits at most this long for readers of the table, then gives up until the next run. */
const DROP_LOCK_TIMEOUT = '5s';

export interface EventPartition {
  name: string;
  /** null for the partition reaching back to MINVALUE (the pre-partitioning rows). */
  from: Date | null;
  to: Date;
}

export const utcDayStart = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
export const partitionName = (day: Date): string =>
  `analytics_events_p${day.toISOString().slice(0, 10).replace(/-/g, '')}`;

/**
 * The daily range partitions of analytics_events: created ahead (and on demand when an accepted event
 * finds none), dropped whole once past EVENTS_RETENTION_DAYS. Events are never DELETEd;
 * user_daily_activity and the stored reports keep the history.
 */
@Injectable()
export class EventPartitionsService {
  private readonly logger = new Logger(EventPartitionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async list(manager: EntityManager = this.dataSource.manager): Promise<EventPartition[]> {
    return manager.query<EventPartition[]>(`
      SELECT c.relname AS name,
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'analytics_events'::regclass
      ORDER BY 3`);
  }

  /** Creates the missing daily partitions for every day from `from` to `to` (inclusive); returns their names. */
  async ensure(from: Date, to: Date): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
      const existing = await this.list(manager);
      const created: string[] = [];
      for (let at = utcDayStart(from).getTime(); at <= to.getTime(); at += DAY_MS) {
        const covered = existing.some(
          (p) => (p.from === null || p.from.getTime() <= at) && at < p.to.getTime(),
        );
        if (covered) continue;
        const day = new Date(at);
        const name = partitionName(day);
        await manager.query(
          `CREATE TABLE "${name}" PARTITION OF analytics_events
             FOR VALUES FROM ('${day.toISOString()}') TO ('${new Date(at + DAY_MS).toISOString()}')`,
        );
        created.push(name);
      }
      return created;
    });
  }

  /** Drops every partition whose rows are all older than the retention; returns their names. */
  async dropExpired(now: Date): Promise<string[]> {
    const cutoff = utcDayStart(now).getTime() - this.config.activity.eventsRetentionDays * DAY_MS;
    const expired = (await this.list()).filter((p) => p.to.getTime() <= cutoff);
    const dropped: string[] = [];
    for (const partition of expired) {
      try {
        await this.dataSource.transaction(async (manager) => {
          await manager.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
          await manager.query(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`);
          await manager.query(`DROP TABLE IF EXISTS "${partition.name}"`);
        });
        dropped.push(partition.name);
      } catch (error) {
        this.logger.warn(
          `Partition ${partition.name} not dropped, next run retries: ${(error as Error).message}`,
        );
      }
    }
    return dropped;
  }
}
