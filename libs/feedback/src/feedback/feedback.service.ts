import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { Counter, InjectMetric } from '@app/metrics';
import { OutboxService } from '@app/outbox';
import { SENTIMENT_LABELS, SentimentAnalyzer } from '../sentiment/sentiment-analyzer';
import { CreateFeedbackDto, FeedbackCreatedDto } from './dto/create-feedback.dto';
import { SERVER_METADATA_KEY } from './dto/metadata.validator';
import { feedbackSlackMessage } from './feedback-notification';
import { FEEDBACK_TYPES } from './feedback-type';
import { FeedbackRepository } from './feedback.repository';

export interface RequestOrigin {
  userAgent?: string;
  referer?: string;
}

const HEADER_MAX = 1000;

/** Stores feedback with its sentiment and announces it to Slack through the outbox, in one transaction. */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: FeedbackRepository,
    private readonly outbox: OutboxService,
    private readonly analyzer: SentimentAnalyzer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectMetric('feedback_submitted_total') private readonly submitted: Counter<string>,
  ) {
    // At 0 from the start, so the first submissions are an increase Prometheus can see.
    for (const type of FEEDBACK_TYPES) {
      for (const sentiment of SENTIMENT_LABELS) submitted.inc({ type, sentiment }, 0);
    }
  }

  /** `announce: false` stores without a Slack message (demo data); the API always announces. */
  async submit(
    dto: CreateFeedbackDto,
    origin: RequestOrigin,
    options: { announce?: boolean } = {},
  ): Promise<FeedbackCreatedDto> {
    const id = randomUUID();
    const now = this.clock.now();
    const sentiment = this.analyzer.analyze(dto.message);
    const metadata = {
      ...(dto.metadata ?? {}),
      // The DTO rejects a client `server` key; this one is the server's own record.
      [SERVER_METADATA_KEY]: {
        userAgent: origin.userAgent?.slice(0, HEADER_MAX) ?? null,
        referer: origin.referer?.slice(0, HEADER_MAX) ?? null,
        receivedAt: now.toISOString(),
      },
    };
    await this.dataSource.transaction(async (manager) => {
      await this.repository.insert(manager, {
        id,
        type: dto.type,
        message: dto.message,
        userId: dto.userId ?? null,
        sentimentScore: sentiment.score,
        sentimentLabel: sentiment.label,
        metadata,
        createdAt: now,
      });
      if (options.announce === false) return;
      await this.outbox.enqueue(
        manager,
        feedbackSlackMessage({
          id,
          type: dto.type,
          sentiment: sentiment.label,
          score: sentiment.score,
          message: dto.message,
          publicBaseUrl: this.config.app.publicBaseUrl,
        }),
      );
    });
    this.submitted.inc({ type: dto.type, sentiment: sentiment.label });
    return { id };
  }
}
