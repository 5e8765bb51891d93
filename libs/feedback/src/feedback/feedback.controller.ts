import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { RequireRole } from '@app/auth';
import { CreateFeedbackDto, FeedbackCreatedDto } from './dto/create-feedback.dto';
import { FeedbackService } from './feedback.service';

@Controller('feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  /** 201 `{id}` once the feedback (and its Slack announcement in the outbox) is committed. */
  @Post()
  @HttpCode(201)
  @RequireRole('ingest')
  @ApiCreatedResponse({
    description: 'Committed',
    schema: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
  })
  submit(
    @Body() dto: CreateFeedbackDto,
    @Headers('user-agent') userAgent?: string,
    @Headers('referer') referer?: string,
  ): Promise<FeedbackCreatedDto> {
    return this.feedback.submit(dto, { userAgent, referer });
  }
}
