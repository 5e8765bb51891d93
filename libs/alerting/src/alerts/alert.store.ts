import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AlertInput, AlertRecord } from './alert.record';

type Row = Record<string, unknown>;

const COLUMNS: Array<[keyof AlertRecord, string]> = [
  ['id', 'id'],
  ['fingerprint', 'fingerprint'],
  ['name', 'name'],
  ['priority', 'priority'],
  ['source', 'source'],
  ['labels', 'labels'],
  ['annotations', 'annotations'],
  ['status', 'status'],
  ['episode', 'episode'],
  ['startsAt', 'starts_at'],
  ['endsAt', 'ends_at'],
  ['firedAt', 'fired_at'],
  ['lastReceivedAt', 'last_received_at'],
  ['lastNotifiedAt', 'last_notified_at'],
  ['episodeNotified', 'episode_notified'],
  ['resolveNotified', 'resolve_notified'],
  ['suppressedBy', 'suppressed_by'],
  ['acknowledgedAt', 'acknowledged_at'],
  ['acknowledgedBy', 'acknowledged_by'],
  ['resolvedAt', 'resolved_at'],
  ['resolvedBy', 'resolved_by'],
  ['escalationLevel', 'escalation_level'],
  ['escalatedAt', 'escalated_at'],
  ['stateChanges', 'state_changes'],
  ['flapping', 'flapping'],
  ['flapNotified', 'flap_notified'],
  ['incidentId', 'incident_id'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
];
const COLUMN_OF = new Map(COLUMNS);

export function toRecord(row: Row): AlertRecord {
  const record = {} as Record<string, unknown>;
  for (const [key, column] of COLUMNS) record[key] = row[column];
  return record as unknown as AlertRecord;
}

export interface AlertFilter {
  status?: string;
  priority?: string;
  name?: string;
  fingerprint?: string;
  label?: [string, string];
  limit: number;
  offset: number;
}

/** All SQL over `alerts`. Mutations take the caller's manager so they join its transaction. */
@Injectable()
export class AlertStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks the alert's row for the rest of the transaction: replicas handling it queue up here. */
  async lockByFingerprint(manager: EntityManager, fingerprint: string): Promise<AlertRecord | null> {
    const rows: Row[] = await manager.query(`SELECT * FROM "alerts" WHERE "fingerprint" = $1 FOR UPDATE`, [
      fingerprint,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async lockById(manager: EntityManager, id: string): Promise<AlertRecord | null> {
    const rows: Row[] = await manager.query(`SELECT * FROM "alerts" WHERE "id" = $1 FOR UPDATE`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Inserts a new alert; null when another replica inserted the same fingerprint first. */
  async insert(
    manager: EntityManager,
    input: AlertInput & { fingerprint: string; name: string; priority: string },
    now: Date,
  ): Promise<AlertRecord | null> {
    const firing = input.status === 'firing';
    const rows: Row[] = await manager.query(
      `INSERT INTO "alerts" ("fingerprint", "name", "priority", "source", "labels", "annotations", "status",
         "starts_at", "ends_at", "fired_at", "last_received_at", "resolved_at", "resolved_by", "state_changes",
         "created_at", "updated_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $10, $10)
       ON CONFLICT ("fingerprint") DO NOTHING RETURNING *`,
      [
        input.fingerprint,
        input.name,
        input.priority,
        input.source,
        JSON.stringify(input.labels),
        JSON.stringify(input.annotations),
        input.status,
        input.startsAt ?? now,
        firing ? null : (input.endsAt ?? now),
        now,
        firing ? null : now,
        firing ? null : input.source,
        firing ? [now] : [],
      ],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Writes the given fields (camelCase keys of AlertRecord). */
  async update(manager: EntityManager, id: string, fields: Partial<AlertRecord>): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    for (const [key, value] of Object.entries(fields)) {
      const column = COLUMN_OF.get(key as keyof AlertRecord);
      if (!column) throw new Error(`unknown alert field ${key}`);
      values.push(key === 'labels' || key === 'annotations' ? JSON.stringify(value) : value);
      sets.push(`"${column}" = $${values.length}`);
    }
    if (sets.length === 0) return;
    await manager.query(`UPDATE "alerts" SET ${sets.join(', ')} WHERE "id" = $1`, values);
  }

  /**
   * The at-most-once decision: claims the right to notify (first notice of an episode once the dedup
   * window since the last notice has passed, then reminders every repeat interval). Atomic across
   * replicas; returns false when another notification is still recent.
   */
  async claimFiringNotice(
    manager: EntityManager,
    id: string,
    now: Date,
    dedupWindowMs: number,
    repeatIntervalMs: number,
  ): Promise<boolean> {
    const [rows]: [Row[], number] = await manager.query(
      `UPDATE "alerts" SET "last_notified_at" = $2, "episode_notified" = true, "updated_at" = $2
        WHERE "id" = $1 AND "status" = 'firing'
          AND ("last_notified_at" IS NULL
               OR "last_notified_at" <= $2::timestamptz - make_interval(secs => CASE WHEN "episode_notified" THEN $4::bigint ELSE $3::bigint END / 1000.0))
        RETURNING "id"`,
      [id, now, dedupWindowMs, repeatIntervalMs],
    );
    return rows.length === 1;
  }

  /** A resolve is announced once, and only for an episode that was announced. */
  async claimResolveNotice(manager: EntityManager, id: string, now: Date): Promise<boolean> {
    const [rows]: [Row[], number] = await manager.query(
      `UPDATE "alerts" SET "resolve_notified" = true, "last_notified_at" = $2, "updated_at" = $2
        WHERE "id" = $1 AND "episode_notified" AND NOT "resolve_notified" RETURNING "id"`,
      [id, now],
    );
    return rows.length === 1;
  }

  /** Moves the escalation to `level` unless another replica (or an ack) got there first. */
  async claimEscalation(manager: EntityManager, id: string, level: number, now: Date): Promise<boolean> {
    const [rows]: [Row[], number] = await manager.query(
      `UPDATE "alerts" SET "escalation_level" = $2, "escalated_at" = $3, "updated_at" = $3
        WHERE "id" = $1 AND "status" = 'firing' AND "escalation_level" < $2 RETURNING "id"`,
      [id, level, now],
    );
    return rows.length === 1;
  }

  /** Unresolved alerts carrying at least these labels (inhibition sources; GIN index on labels). */
  async activeLabelSets(
    manager: EntityManager,
    containing: Record<string, string>,
  ): Promise<Array<{ fingerprint: string; labels: Record<string, string> }>> {
    return manager.query(
      `SELECT "fingerprint", "labels" FROM "alerts" WHERE "status" <> 'resolved' AND "labels" @> $1::jsonb LIMIT 1000`,
      [JSON.stringify(containing)],
    );
  }

  /** P0 alerts due for a check by the escalation job. */
  async escalationCandidates(now: Date, firstAfterMs: number, maxLevel: number): Promise<AlertRecord[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM "alerts"
        WHERE "priority" = 'P0' AND "status" = 'firing' AND "episode_notified" AND "suppressed_by" IS NULL
          AND "escalation_level" < $3 AND "fired_at" <= $1::timestamptz - make_interval(secs => $2::bigint / 1000.0)
        ORDER BY "fired_at" LIMIT 500`,
      [now, firstAfterMs, maxLevel],
    );
    return rows.map(toRecord);
  }

  /**
   * Unresolved alerts from Alertmanager it has not re-sent for `staleMs` (its repeat_interval plus
   * slack), or whose endsAt passed: Pulse must ask Alertmanager about them (AlertReconciler).
   */
  async staleAlertmanagerAlerts(now: Date, staleMs: number): Promise<AlertRecord[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM "alerts"
        WHERE "source" = 'alertmanager' AND "status" <> 'resolved'
          AND ("last_received_at" <= $1::timestamptz - make_interval(secs => $2::bigint / 1000.0)
               OR "ends_at" <= $1)
        ORDER BY "last_received_at" LIMIT 500`,
      [now, staleMs],
    );
    return rows.map(toRecord);
  }

  /**
   * Alertmanager still holds the alert: it counts as heard now. `silence` set → muted by that
   * Alertmanager silence; null → a mute Pulse recorded from an Alertmanager silence is lifted (Pulse's
   * own silences and inhibitions stay).
   */
  async markHeardFromAlertmanager(id: string, now: Date, silence: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE "alerts" SET "last_received_at" = $2, "updated_at" = $2,
              "suppressed_by" = CASE WHEN $3::text IS NOT NULL THEN $3::text
                                     WHEN "suppressed_by" LIKE 'alertmanager-silence:%' THEN NULL
                                     ELSE "suppressed_by" END
        WHERE "id" = $1 AND "status" <> 'resolved'`,
      [id, now, silence],
    );
  }

  /** Firing alerts never announced in this episode whose dedup window is over (silence ended, re-fire). */
  async pendingFirstNotices(now: Date, dedupWindowMs: number): Promise<string[]> {
    const rows: Array<{ fingerprint: string }> = await this.dataSource.query(
      `SELECT "fingerprint" FROM "alerts"
        WHERE "status" = 'firing' AND NOT "episode_notified"
          AND ("suppressed_by" IS NULL OR "suppressed_by" NOT LIKE 'alertmanager-silence:%')
          AND ("last_notified_at" IS NULL OR "last_notified_at" <= $1::timestamptz - make_interval(secs => $2::bigint / 1000.0))
        ORDER BY "fired_at" LIMIT 500`,
      [now, dedupWindowMs],
    );
    return rows.map((row) => row.fingerprint);
  }

  /** Resolved alerts whose resolve was muted (flapping at the time): announced once they calm down. */
  async pendingResolveNotices(): Promise<string[]> {
    const rows: Array<{ fingerprint: string }> = await this.dataSource.query(
      `SELECT "fingerprint" FROM "alerts"
        WHERE "status" = 'resolved' AND "episode_notified" AND NOT "resolve_notified" LIMIT 500`,
    );
    return rows.map((row) => row.fingerprint);
  }

  async countUnresolvedByPriority(): Promise<Array<{ priority: string; count: number }>> {
    return this.dataSource.query(
      `SELECT "priority", count(*)::int AS "count" FROM "alerts" WHERE "status" <> 'resolved' GROUP BY "priority"`,
    );
  }

  async findById(id: string): Promise<AlertRecord | null> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM "alerts" WHERE "id" = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(filter: AlertFilter): Promise<{ items: AlertRecord[]; total: number }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      values.push(value);
      where.push(sql(values.length));
    };
    if (filter.status) add((n) => `"status" = $${n}`, filter.status);
    if (filter.priority) add((n) => `"priority" = $${n}`, filter.priority);
    if (filter.name) add((n) => `"name" = $${n}`, filter.name);
    if (filter.fingerprint) add((n) => `"fingerprint" = $${n}`, filter.fingerprint);
    if (filter.label)
      add((n) => `"labels" @> $${n}::jsonb`, JSON.stringify({ [filter.label[0]]: filter.label[1] }));
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS "total" FROM "alerts" ${clause}`,
      values,
    );
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM "alerts" ${clause} ORDER BY "last_received_at" DESC, "id"
        LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, filter.limit, filter.offset],
    );
    return { items: rows.map(toRecord), total };
  }
}
