import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { RequireRole } from '@app/auth';
import { EventBatchPipe } from './event-batch.pipe';
import { EventIngestService, IngestResult } from './event-ingest.service';
import { IngestEventDto, MAX_BATCH_SIZE, ValidatedEvent } from './ingest-event.dto';

@Controller('events')
export class EventsController {
  constructor(private readonly ingestService: EventIngestService) {}

  /** One event or an array of up to 500; 202 once the batch is committed in PostgreSQL. */
  @Post()
  @RequireRole('ingest')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiExtraModels(IngestEventDto)
  @ApiBody({
    description: `One event, or an array of 1 to ${MAX_BATCH_SIZE} stored all or nothing`,
    schema: {
      oneOf: [
        { $ref: getSchemaPath(IngestEventDto) },
        {
          type: 'array',
          minItems: 1,
          maxItems: MAX_BATCH_SIZE,
          items: { $ref: getSchemaPath(IngestEventDto) },
        },
      ],
    },
    examples: {
      one: { value: { userId: 'u-42', event: 'signup', eventId: 'e-1', properties: { plan: 'pro' } } },
    },
  })
  @ApiAcceptedResponse({
    description: 'Committed in PostgreSQL',
    schema: {
      type: 'object',
      required: ['received', 'stored', 'duplicates'],
      properties: {
        received: { type: 'integer', minimum: 1 },
        stored: { type: 'integer', minimum: 0, description: 'The others were retries of a stored eventId' },
        duplicates: { type: 'integer', minimum: 0 },
      },
    },
    example: { received: 1, stored: 1, duplicates: 0 },
  })
  ingest(@Body(EventBatchPipe) events: ValidatedEvent[]): Promise<IngestResult> {
    return this.ingestService.ingest(events);
  }
}
