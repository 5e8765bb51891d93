import { MigrationInterface, QueryRunner } from 'typeorm';

const DAY_MS = 86_400_000;
/** Daily partitions created by the migration beyond today; the event-partitions job keeps this lead. */
const AHEAD_DAYS = 7;

const dayStart = (ms: number): Date => new Date(Math.floor(ms / DAY_MS) * DAY_MS);
const partitionName = (day: Date): string =>
  `analytics_events_p${day.toISOString().slice(0, 10).replace(/-/g, '')}`;

/**
 * analytics_events becomes range-partitioned by day on occurred_at (docs/SCALING.md says why days), so
 * that retention drops whole partitions instead of DELETE. No row is copied: a non-empty table is
 * attached as the partition `analytics_events_legacy` for everything before the day after its newest
 * row (dropped whole once all its rows are past retention); an empty one is replaced.
 *
 * What changes:
 * - id: a partitioned table cannot have an identity column on PostgreSQL 15, so the id comes from a
 *   sequence default (continuing after the highest id).
 * - eventId: a unique index on a partitioned table must contain the partition key, so the idempotency
 *   key becomes (event_id, occurred_at): a retry is recognised when it repeats eventId and timestamp.
 */
export class AnalyticsEventsPartitioned1765000200000 implements MigrationInterface {
  name = 'AnalyticsEventsPartitioned1765000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ max_at: maxAt, max_id: maxId }] = (await queryRunner.query(
      `SELECT max(occurred_at) AS max_at, coalesce(max(id), 0)::text AS max_id FROM analytics_events`,
    )) as Array<{ max_at: Date | null; max_id: string }>;
    const today = dayStart(Date.now()).getTime();
    // Every existing row lies before the boundary; daily partitions start there. An empty table is
    // simply replaced (its later partitions come from the job, or on demand from ingestion).
    const boundary = maxAt ? new Date(dayStart(maxAt.getTime()).getTime() + DAY_MS) : null;

    await queryRunner.query(`ALTER TABLE analytics_events RENAME TO analytics_events_legacy`);
    await queryRunner.query(
      `ALTER TABLE analytics_events_legacy RENAME CONSTRAINT pk_analytics_events TO pk_analytics_events_legacy`,
    );
    for (const suffix of ['occurred_at', 'user_occurred', 'event_occurred_user'])
      await queryRunner.query(
        `ALTER INDEX ix_analytics_events_${suffix} RENAME TO ix_analytics_events_legacy_${suffix}`,
      );
    // The old key (event_id alone) would make a retry with another timestamp fail instead of being stored.
    await queryRunner.query(`DROP INDEX uq_analytics_events_event_id`);
    await queryRunner.query(`ALTER TABLE analytics_events_legacy ALTER COLUMN id DROP IDENTITY`);
    await queryRunner.query(`CREATE SEQUENCE analytics_events_id_seq START WITH ${BigInt(maxId) + 1n}`);

    await queryRunner.query(`
      CREATE TABLE analytics_events (
        "id" bigint NOT NULL DEFAULT nextval('analytics_events_id_seq'),
        "event_id" text NULL,
        "user_id" text NOT NULL,
        "event" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "properties" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "pk_analytics_events" PRIMARY KEY ("id", "occurred_at")
      ) PARTITION BY RANGE ("occurred_at")`);
    await queryRunner.query(`ALTER SEQUENCE analytics_events_id_seq OWNED BY analytics_events.id`);
    // NULLs are distinct: events without eventId never conflict.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_analytics_events_event_id" ON analytics_events ("event_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_occurred_at" ON analytics_events ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_user_occurred" ON analytics_events ("user_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_event_occurred_user" ON analytics_events ("event", "occurred_at") INCLUDE ("user_id")`,
    );

    if (boundary) {
      // A validated CHECK lets ATTACH skip its own scan; the matching indexes are adopted, not rebuilt
      // (only the new (event_id, occurred_at) key is built on the old rows).
      const bound = `'${boundary.toISOString()}'`;
      await queryRunner.query(
        `ALTER TABLE analytics_events_legacy ADD CONSTRAINT ck_analytics_events_legacy_range CHECK (occurred_at < ${bound})`,
      );
      await queryRunner.query(
        `ALTER TABLE analytics_events ATTACH PARTITION analytics_events_legacy FOR VALUES FROM (MINVALUE) TO (${bound})`,
      );
      await queryRunner.query(
        `ALTER TABLE analytics_events_legacy DROP CONSTRAINT ck_analytics_events_legacy_range`,
      );
    } else {
      await queryRunner.query(`DROP TABLE analytics_events_legacy`);
    }
    for (
      let at = Math.max(today, boundary?.getTime() ?? 0);
      at <= today + AHEAD_DAYS * DAY_MS;
      at += DAY_MS
    ) {
      const day = new Date(at);
      await queryRunner.query(
        `CREATE TABLE ${partitionName(day)} PARTITION OF analytics_events
           FOR VALUES FROM ('${day.toISOString()}') TO ('${new Date(at + DAY_MS).toISOString()}')`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE analytics_events_flat (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "event_id" text NULL,
        "user_id" text NOT NULL,
        "event" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "properties" jsonb NOT NULL DEFAULT '{}'
      )`);
    // Every row comes back. Only the idempotency key of a later row repeating an earlier eventId (a retry
    // with another timestamp, stored twice under the partitioned key) is cleared: the old key is eventId alone.
    await queryRunner.query(`
      INSERT INTO analytics_events_flat (id, event_id, user_id, event, occurred_at, received_at, properties)
      OVERRIDING SYSTEM VALUE
      SELECT id, CASE WHEN row_number() OVER (PARTITION BY event_id ORDER BY id) = 1 THEN event_id END,
             user_id, event, occurred_at, received_at, properties
      FROM analytics_events`);
    await queryRunner.query(`DROP TABLE analytics_events`);
    await queryRunner.query(`ALTER TABLE analytics_events_flat RENAME TO analytics_events`);
    await queryRunner.query(
      `SELECT setval(pg_get_serial_sequence('analytics_events', 'id'), coalesce(max(id), 0) + 1, false) FROM analytics_events`,
    );
    await queryRunner.query(
      `ALTER TABLE analytics_events ADD CONSTRAINT "pk_analytics_events" PRIMARY KEY ("id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_analytics_events_event_id" ON "analytics_events" ("event_id") WHERE "event_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_occurred_at" ON "analytics_events" ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_user_occurred" ON "analytics_events" ("user_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_event_occurred_user" ON "analytics_events" ("event", "occurred_at") INCLUDE ("user_id")`,
    );
  }
}
