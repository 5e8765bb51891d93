import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ReportRange, bucketSeriesSql, resolveRange } from '../common/report-range';
import { SentimentLabel } from '../sentiment/sentiment-analyzer';
import { FeedbackItemDto, FeedbackPageDto, ListFeedbackQueryDto } from './dto/list-feedback.query.dto';
import { FeedbackReportQueryDto } from './dto/feedback-report.query.dto';
import { decodeCursor, encodeCursor } from './feedback-cursor';
import { FeedbackRepository, FeedbackRow } from './feedback.repository';
import { FeedbackType } from './feedback-type';

export interface FeedbackCounts {
  total: number;
  byType: Record<FeedbackType, number>;
  bySentiment: Record<SentimentLabel, number>;
  /** negative / total; null when there is no feedback. */
  negativeShare: number | null;
}

export interface FeedbackReportDto {
  from: string;
  to: string;
  interval: ReportRange['interval'];
  timeZone: string;
  intervals: Array<FeedbackCounts & { start: string }>;
  overall: FeedbackCounts;
}

const COUNT_COLUMNS = `count(*)::int AS "total",
  count(*) FILTER (WHERE "type" = 'bug')::int AS "bug",
  count(*) FILTER (WHERE "type" = 'feature')::int AS "feature",
  count(*) FILTER (WHERE "type" = 'improvement')::int AS "improvement",
  count(*) FILTER (WHERE "type" = 'other')::int AS "other",
  count(*) FILTER (WHERE "sentiment_label" = 'negative')::int AS "negative",
  count(*) FILTER (WHERE "sentiment_label" = 'neutral')::int AS "neutral",
  count(*) FILTER (WHERE "sentiment_label" = 'positive')::int AS "positive"`;

type CountRecord = Record<FeedbackType | SentimentLabel | 'total', number | null>;

function toCounts(r: CountRecord): FeedbackCounts {
  const n = (v: number | null) => v ?? 0;
  const total = n(r.total);
  return {
    total,
    byType: { bug: n(r.bug), feature: n(r.feature), improvement: n(r.improvement), other: n(r.other) },
    bySentiment: { negative: n(r.negative), neutral: n(r.neutral), positive: n(r.positive) },
    negativeShare: total === 0 ? null : Math.round((n(r.negative) / total) * 10000) / 10000,
  };
}

function toItem(row: FeedbackRow): FeedbackItemDto {
  return {
    id: row.id,
    type: row.type,
    message: row.message,
    userId: row.userId,
    sentiment: { score: row.sentimentScore, label: row.sentimentLabel },
    metadata: row.metadata,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Admin reads of feedback, and the aggregates other modules (daily report, alert rules) build on. */
@Injectable()
export class FeedbackReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: FeedbackRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async list(query: ListFeedbackQueryDto): Promise<FeedbackPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.repository.list({
      type: query.type,
      sentiment: query.sentiment,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      q: query.q,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toItem),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
    };
  }

  async get(id: string): Promise<FeedbackItemDto> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException(`feedback ${id} not found`);
    return toItem(row);
  }

  /** Counts by type and sentiment over [from, to). */
  async countsByTypeAndSentiment(from: Date, to: Date): Promise<FeedbackCounts> {
    const [row]: CountRecord[] = await this.dataSource.query(
      `SELECT ${COUNT_COLUMNS} FROM "feedback" WHERE "created_at" >= $1 AND "created_at" < $2`,
      [from, to],
    );
    return toCounts(row);
  }

  /** Share of negative feedback over [from, to); null when there is none. */
  async negativeShare(
    from: Date,
    to: Date,
  ): Promise<{ total: number; negative: number; share: number | null }> {
    const counts = await this.countsByTypeAndSentiment(from, to);
    return { total: counts.total, negative: counts.bySentiment.negative, share: counts.negativeShare };
  }

  async report(query: FeedbackReportQueryDto): Promise<FeedbackReportDto> {
    const range = resolveRange(query, this.clock.now(), { days: 30, interval: 'day' });
    const tz = this.config.reports.timeZone;
    const rows: Array<CountRecord & { start: Date }> = await this.dataSource.query(
      `WITH buckets AS (${bucketSeriesSql({ from: '$1', to: '$2', interval: '$3', tz: '$4' })}),
       agg AS (
         SELECT date_trunc($3, "created_at" AT TIME ZONE $4) AS local_start, ${COUNT_COLUMNS}
           FROM "feedback" WHERE "created_at" >= $1 AND "created_at" < $2 GROUP BY 1)
       SELECT b.local_start AT TIME ZONE $4 AS "start", agg.*
         FROM buckets b LEFT JOIN agg ON agg.local_start = b.local_start
        ORDER BY b.local_start`,
      [range.from, range.to, range.interval, tz],
    );
    const intervals = rows.map((row) => ({ start: new Date(row.start).toISOString(), ...toCounts(row) }));
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      interval: range.interval,
      timeZone: tz,
      intervals,
      overall: await this.countsByTypeAndSentiment(range.from, range.to),
    };
  }
}
