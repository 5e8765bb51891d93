import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { FeedbackReportQueryDto } from './dto/feedback-report.query.dto';
import { FeedbackItemDto, FeedbackPageDto, ListFeedbackQueryDto } from './dto/list-feedback.query.dto';
import { FeedbackReadService, FeedbackReportDto } from './feedback-read.service';
import { ValidationFailedException } from '@app/validation';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => ValidationFailedException.of('id', 'invalid', 'id must be a UUID'),
});

/** Admin key only (no role decorator). */
@Controller('admin')
export class FeedbackAdminController {
  constructor(private readonly feedback: FeedbackReadService) {}

  @Get('feedback')
  list(@Query() query: ListFeedbackQueryDto): Promise<FeedbackPageDto> {
    return this.feedback.list(query);
  }

  @Get('feedback/:id')
  get(@Param('id', uuidPipe) id: string): Promise<FeedbackItemDto> {
    return this.feedback.get(id);
  }

  @Get('reports/feedback')
  report(@Query() query: FeedbackReportQueryDto): Promise<FeedbackReportDto> {
    return this.feedback.report(query);
  }
}
