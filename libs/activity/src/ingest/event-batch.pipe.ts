import { BadRequestException, Injectable, PipeTransform, ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Clock } from '@app/clock';
import {
  EVENT_NAME_PATTERN,
  IngestEventDto,
  MAX_BATCH_SIZE,
  MAX_PROPERTIES_BYTES,
  ValidatedEvent,
} from './ingest-event.dto';

const HOUR_MS = 3_600_000;
export const MAX_FUTURE_MS = 24 * HOUR_MS;
export const MAX_PAST_MS = 30 * 24 * HOUR_MS;

function messagesOf(error: ValidationError, prefix: string): string[] {
  return Object.entries(error.constraints ?? {}).map(([rule, text]) =>
    rule === 'whitelistValidation'
      ? `${prefix}${error.property} is not allowed`
      : text.startsWith(`${error.property} `)
        ? `${prefix}${text}`
        : `${prefix}${error.property}: ${text}`,
  );
}

const FIELDS = new Set(['eventId', 'userId', 'event', 'timestamp', 'properties']);
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

const isText = (value: unknown, max: number): boolean =>
  typeof value === 'string' && value.length >= 1 && value.length <= max;

/**
 * A strict subset of the DTO rules, cheap to check: an item passing it passes class-validator too.
 * Timestamps only in the canonical form that round-trips through Date (so no impossible dates).
 */
function isPlainValid(raw: object): boolean {
  const item = raw as Record<string, unknown>;
  for (const key in item) if (!FIELDS.has(key)) return false;
  if (!isText(item.userId, 128) || typeof item.event !== 'string' || !EVENT_NAME_PATTERN.test(item.event))
    return false;
  if (item.eventId !== undefined && !isText(item.eventId, 128)) return false;
  const { timestamp, properties } = item;
  if (timestamp !== undefined) {
    if (typeof timestamp !== 'string' || !CANONICAL_UTC.test(timestamp)) return false;
    const parsed = new Date(timestamp);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== timestamp.slice(0, 19))
      return false;
  }
  return (
    properties === undefined ||
    (typeof properties === 'object' && properties !== null && !Array.isArray(properties))
  );
}

/**
 * Accepts one event or an array, validates every item and rejects the whole body with one message per
 * bad item (`items[3].event must match …`): a batch is stored entirely or not at all.
 */
@Injectable()
export class EventBatchPipe implements PipeTransform<unknown, ValidatedEvent[]> {
  constructor(private readonly clock: Clock) {}

  transform(body: unknown): ValidatedEvent[] {
    const isBatch = Array.isArray(body);
    const items: unknown[] = isBatch ? body : [body];
    if (items.length === 0) throw new BadRequestException('body must contain at least one event');
    if (items.length > MAX_BATCH_SIZE)
      throw new BadRequestException(
        `body must contain at most ${MAX_BATCH_SIZE} events, got ${items.length}`,
      );
    const now = this.clock.now().getTime();
    const problems: string[] = [];
    const events: ValidatedEvent[] = [];
    items.forEach((raw, index) => {
      const result = this.validateItem(raw, isBatch ? `items[${index}].` : '', now);
      if (Array.isArray(result)) problems.push(...result);
      else events.push(result);
    });
    if (problems.length > 0) throw new BadRequestException(problems.join('; '));
    return events;
  }

  private validateItem(raw: unknown, prefix: string, now: number): ValidatedEvent | string[] {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return [`${prefix ? prefix.slice(0, -1) : 'body'} must be a JSON object`];
    }
    // Well-formed items skip class-validator (~20 µs an item); anything unusual gets its exact messages.
    const plain = isPlainValid(raw);
    const dto = plain ? (raw as IngestEventDto) : plainToInstance(IngestEventDto, raw);
    const errors = plain ? [] : validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    const problems = errors.flatMap((error) => messagesOf(error, prefix));
    let occurredAt = new Date(now);
    if (dto.timestamp !== undefined && !errors.some((e) => e.property === 'timestamp')) {
      occurredAt = new Date(dto.timestamp);
      const at = occurredAt.getTime();
      if (Number.isNaN(at)) problems.push(`${prefix}timestamp must be an ISO 8601 date-time`);
      else if (at > now + MAX_FUTURE_MS)
        problems.push(`${prefix}timestamp must not be more than 24 hours in the future`);
      else if (at < now - MAX_PAST_MS)
        problems.push(`${prefix}timestamp must not be more than 30 days in the past`);
    }
    if (dto.properties && !errors.some((e) => e.property === 'properties')) {
      const size = Buffer.byteLength(JSON.stringify(dto.properties), 'utf8');
      if (size > MAX_PROPERTIES_BYTES)
        problems.push(
          `${prefix}properties must be at most ${MAX_PROPERTIES_BYTES} bytes of JSON, got ${size}`,
        );
    }
    if (problems.length > 0) return problems;
    return {
      eventId: dto.eventId ?? null,
      userId: dto.userId,
      event: dto.event,
      occurredAt,
      properties: dto.properties ?? {},
    };
  }
}
