import { Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Clock } from '@app/clock';
import { FieldError, ValidationFailedException, isUserId, toFieldErrors } from '@app/validation';
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

const FIELDS = new Set(['eventId', 'userId', 'event', 'timestamp', 'properties']);
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

const isText = (value: unknown, max: number): boolean =>
  typeof value === 'string' && value.length >= 1 && value.length <= max;
const fieldError = (field: string, rule: string, message: string): FieldError => ({
  field,
  rule,
  message: `${field} ${message}`,
});

/**
 * A strict subset of the DTO rules, cheap to check: an item passing it passes class-validator too.
 * Timestamps only in the canonical form that round-trips through Date (so no impossible dates).
 */
function isPlainValid(raw: object): boolean {
  const item = raw as Record<string, unknown>;
  for (const key in item) if (!FIELDS.has(key)) return false;
  if (!isUserId(item.userId) || typeof item.event !== 'string' || !EVENT_NAME_PATTERN.test(item.event))
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
 * Accepts one event or an array, validates every item and rejects the whole body with one entry per
 * bad field (`items[3].event must match …`): a batch is stored entirely or not at all.
 */
@Injectable()
export class EventBatchPipe implements PipeTransform<unknown, ValidatedEvent[]> {
  constructor(private readonly clock: Clock) {}

  transform(body: unknown): ValidatedEvent[] {
    const isBatch = Array.isArray(body);
    const items: unknown[] = isBatch ? body : [body];
    if (items.length === 0)
      throw ValidationFailedException.of('body', 'arrayMinSize', 'body must contain at least one event');
    if (items.length > MAX_BATCH_SIZE)
      throw ValidationFailedException.of(
        'body',
        'arrayMaxSize',
        `body must contain at most ${MAX_BATCH_SIZE} events, got ${items.length}`,
      );
    const now = this.clock.now().getTime();
    const problems: FieldError[] = [];
    const events: ValidatedEvent[] = [];
    items.forEach((raw, index) => {
      const result = this.validateItem(raw, isBatch ? `items[${index}]` : '', now);
      if (Array.isArray(result)) problems.push(...result);
      else events.push(result);
    });
    if (problems.length > 0) throw new ValidationFailedException(problems);
    return events;
  }

  private validateItem(raw: unknown, path: string, now: number): ValidatedEvent | FieldError[] {
    const at = (field: string) => (path ? `${path}.${field}` : field);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return [fieldError(path || 'body', 'isObject', 'must be a JSON object')];
    }
    // Well-formed items skip class-validator (~20 µs an item); anything unusual gets its exact messages.
    const plain = isPlainValid(raw);
    const dto = plain ? (raw as IngestEventDto) : plainToInstance(IngestEventDto, raw);
    const errors = plain ? [] : validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    const problems = toFieldErrors(errors, path);
    let occurredAt = new Date(now);
    if (dto.timestamp !== undefined && !errors.some((e) => e.property === 'timestamp')) {
      occurredAt = new Date(dto.timestamp);
      const time = occurredAt.getTime();
      if (Number.isNaN(time))
        problems.push(fieldError(at('timestamp'), 'isIso8601', 'must be an ISO 8601 date-time'));
      else if (time > now + MAX_FUTURE_MS)
        problems.push(fieldError(at('timestamp'), 'maxDate', 'must not be more than 24 hours in the future'));
      else if (time < now - MAX_PAST_MS)
        problems.push(fieldError(at('timestamp'), 'minDate', 'must not be more than 30 days in the past'));
    }
    if (dto.properties && !errors.some((e) => e.property === 'properties')) {
      const size = Buffer.byteLength(JSON.stringify(dto.properties), 'utf8');
      if (size > MAX_PROPERTIES_BYTES)
        problems.push(
          fieldError(
            at('properties'),
            'maxBytes',
            `must be at most ${MAX_PROPERTIES_BYTES} bytes of JSON, got ${size}`,
          ),
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
