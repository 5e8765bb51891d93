import { Module, OnModuleInit } from '@nestjs/common';
import { FeedbackAdminController } from './feedback/feedback-admin.controller';
import { FeedbackController } from './feedback/feedback.controller';
import { FeedbackReadService } from './feedback/feedback-read.service';
import { FeedbackRepository } from './feedback/feedback.repository';
import { FeedbackService } from './feedback/feedback.service';
import { NpsAdminController } from './nps/nps-admin.controller';
import { NpsController } from './nps/nps.controller';
import { NpsReadService } from './nps/nps-read.service';
import { NpsReportService } from './nps/nps-report.service';
import { NpsRollupJob } from './nps/nps-rollup.job';
import { NpsRepository } from './nps/nps.repository';
import { NpsService } from './nps/nps.service';
import { SentimentAnalyzer } from './sentiment/sentiment-analyzer';

/** Feedback with sentiment, NPS answers, their reports and the daily NPS rollup. */
@Module({
  controllers: [FeedbackController, FeedbackAdminController, NpsController, NpsAdminController],
  providers: [
    SentimentAnalyzer,
    FeedbackRepository,
    FeedbackService,
    FeedbackReadService,
    NpsRepository,
    NpsService,
    NpsReadService,
    NpsReportService,
    NpsRollupJob,
  ],
  exports: [FeedbackReadService, NpsReadService, NpsRollupJob, SentimentAnalyzer],
})
export class FeedbackModule implements OnModuleInit {
  constructor(private readonly analyzer: SentimentAnalyzer) {}

  onModuleInit(): void {
    this.analyzer.warmUp();
  }
}
