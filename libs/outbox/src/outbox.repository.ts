import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxChannel, OutboxMessage } from './outbox-message';

export interface ClaimedOutboxRow {
  id: string;
  channel: OutboxChannel;
  source: string;
  payload: Record<string, unknown>;
  targetUrl: string | null;
  /** Attempts including the one just claimed. */
  attempts: number;
  /** Proves this dispatcher still holds the lease when it records the outcome. */
  claimToken: string;
}

interface ClaimedRecord {
  id: string;
  channel: OutboxChannel;
  source: string;
  payload: Record<string, unknown>;
  target_url: string | null;
  attempts: number;
}

/** All SQL of the outbox (`outbox_messages`). */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts in the caller's transaction; returns the id, or null when the dedupe key already exists. */
  async insert(manager: EntityManager, message: OutboxMessage, now: Date): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO "outbox_messages" ("channel", "source", "payload", "target_url", "dedupe_key", "created_at", "next_attempt_at")
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT ("dedupe_key") WHERE "dedupe_key" IS NOT NULL DO NOTHING
       RETURNING "id"`,
      [
        message.channel,
        message.source,
        JSON.stringify(message.payload),
        message.targetUrl ?? null,
        message.dedupeKey ?? null,
        now,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Claims up to `limit` due rows for `leaseMs`. SKIP LOCKED lets replicas claim disjoint rows at once;
   * the lease (locked_until) keeps a claimed row away from others after this short transaction commits,
   * and hands it back if this process dies before recording the outcome.
   */
  async claim(now: Date, leaseMs: number, limit: number, token: string): Promise<ClaimedOutboxRow[]> {
    const [rows]: [ClaimedRecord[], number] = await this.dataSource.query(
      `UPDATE "outbox_messages" m
          SET "locked_until" = $2, "claim_token" = $3, "attempts" = m."attempts" + 1
         FROM (SELECT "id" FROM "outbox_messages"
                WHERE "status" = 'pending' AND "next_attempt_at" <= $1
                  AND ("locked_until" IS NULL OR "locked_until" <= $1)
                ORDER BY "next_attempt_at", "id"
                LIMIT $4
                FOR UPDATE SKIP LOCKED) due
        WHERE m."id" = due."id"
        RETURNING m."id", m."channel", m."source", m."payload", m."target_url", m."attempts"`,
      [now, new Date(now.getTime() + leaseMs), token, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      channel: row.channel,
      source: row.source,
      payload: row.payload,
      targetUrl: row.target_url,
      attempts: row.attempts,
      claimToken: token,
    }));
  }

  /** Records a final outcome; a no-op when the lease was lost to another dispatcher meanwhile. */
  async finish(
    id: string,
    token: string,
    status: 'delivered' | 'dead' | 'skipped',
    now: Date,
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE "outbox_messages"
          SET "status" = $3, "delivered_at" = CASE WHEN $3 = 'delivered' THEN $4::timestamptz END,
              "last_error" = $5, "locked_until" = NULL, "claim_token" = NULL
        WHERE "id" = $1 AND "claim_token" = $2`,
      [id, token, status, now, error],
    );
  }

  /** Pending rows and the enqueue time of the oldest (the partial index on pending rows serves it). */
  async backlog(): Promise<{ pending: number; oldestCreatedAt: Date | null }> {
    const [row]: Array<{ pending: number; oldest: Date | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS "pending", min("created_at") AS "oldest" FROM "outbox_messages" WHERE "status" = 'pending'`,
    );
    return { pending: row.pending, oldestCreatedAt: row.oldest };
  }

  async scheduleRetry(id: string, token: string, nextAttemptAt: Date, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE "outbox_messages"
          SET "next_attempt_at" = $3, "last_error" = $4, "locked_until" = NULL, "claim_token" = NULL
        WHERE "id" = $1 AND "claim_token" = $2`,
      [id, token, nextAttemptAt, error],
    );
  }
}
