import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SentimentLabel } from '../sentiment/sentiment-analyzer';
import { FeedbackCursor } from './feedback-cursor';
import { FeedbackType } from './feedback-type';

export interface FeedbackRow {
  id: string;
  type: FeedbackType;
  message: string;
  userId: string | null;
  sentimentScore: number;
  sentimentLabel: SentimentLabel;
  metadata: Record<string, unknown>;
  createdAt: Date;
  /** created_at as text with microseconds, for cursors. */
  cursorAt: string;
}

export interface FeedbackFilter {
  type?: FeedbackType;
  sentiment?: SentimentLabel;
  from?: Date;
  to?: Date;
  q?: string;
  after?: FeedbackCursor;
  limit: number;
}

const SELECT = `SELECT "id", "type", "message", "user_id" AS "userId", "sentiment_score" AS "sentimentScore",
  "sentiment_label" AS "sentimentLabel", "metadata", "created_at" AS "createdAt",
  to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
  FROM "feedback"`;

/** Escapes LIKE wildcards so that `q` is matched literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** All SQL on `feedback`. */
@Injectable()
export class FeedbackRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: Omit<FeedbackRow, 'cursorAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO "feedback" ("id", "type", "message", "user_id", "sentiment_score", "sentiment_label", "metadata", "created_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        row.id,
        row.type,
        row.message,
        row.userId,
        row.sentimentScore,
        row.sentimentLabel,
        JSON.stringify(row.metadata),
        row.createdAt,
      ],
    );
  }

  async findById(id: string): Promise<FeedbackRow | null> {
    const rows: FeedbackRow[] = await this.dataSource.query(`${SELECT} WHERE "id" = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Newest first; keyset pagination on (created_at, id) served by ix_feedback_created. */
  async list(filter: FeedbackFilter): Promise<FeedbackRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.type) add((p) => `"type" = ${p}`, filter.type);
    if (filter.sentiment) add((p) => `"sentiment_label" = ${p}`, filter.sentiment);
    if (filter.from) add((p) => `"created_at" >= ${p}`, filter.from);
    if (filter.to) add((p) => `"created_at" < ${p}`, filter.to);
    if (filter.q) add((p) => `"message" ILIKE ${p}`, likePattern(filter.q));
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      where.push(`("created_at", "id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY "created_at" DESC, "id" DESC LIMIT $${params.length}`;
    return this.dataSource.query(sql, params);
  }
}
