import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { RequireRole } from '@app/auth';
import { EventBatchPipe } from './event-batch.pipe';
import { EventIngestService, IngestResult } from './event-ingest.service';
import { ValidatedEvent } from './ingest-event.dto';

@Controller('events')
export class EventsController {
  constructor(private readonly ingestService: EventIngestService) {}

  /** One event or an array of up to 500; 202 once the batch is committed in PostgreSQL. */
  @Post()
  @RequireRole('ingest')
  @HttpCode(HttpStatus.ACCEPTED)
  ingest(@Body(EventBatchPipe) events: ValidatedEvent[]): Promise<IngestResult> {
    return this.ingestService.ingest(events);
  }
}
