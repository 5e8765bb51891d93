import * as winston from 'winston';
import { RequestContext } from './request-context';
import { REDACTED, errorFields, isSensitiveKey, redact } from './redact';

/** Where winston transports read the rendered line (triple-beam's MESSAGE). */
export const MESSAGE = Symbol.for('message');

/** Pulse's levels, most severe first. Nest's `verbose` maps to trace and `fatal` to error. */
export const LOG_LEVEL_PRIORITIES = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

type Info = winston.Logform.TransformableInfo & Record<string, unknown>;

/** Adds the request id of the current async context (set per request by the request-context middleware). */
export const requestIdFormat = winston.format((info) => {
  if (info.requestId === undefined) {
    const requestId = RequestContext.requestId();
    if (requestId) info.requestId = requestId;
  }
  return info;
});

/**
 * Errors become one `error: {name?, message, stack, …}` field, whatever the caller passed: an Error as
 * message or as `error`, or Nest's `(message, stackString)` that nest-winston turns into `stack: [s]`.
 */
export const errorFieldFormat = winston.format((info: Info) => {
  const stack = firstString(info.stack);
  delete info.stack;
  if (info.error instanceof Error) info.error = errorFields(info.error, stack ?? info.error.stack);
  else if (stack) info.error = { message: messageOfStack(stack), stack };
  return info;
});

/** Replaces secrets with [REDACTED] in every field (see redact.ts); runs before any transport sees the line. */
export const redactFormat = winston.format((info: Info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    const value = info[key];
    info[key] = isSensitiveKey(key) && value !== undefined && value !== null ? REDACTED : redact(value);
  }
  return info;
});

/**
 * One JSON object per line, the fixed fields first: timestamp, level, message, service, environment,
 * requestId, context, then the call's own fields, then error.
 */
const FIXED_FIELDS = ['timestamp', 'level', 'message', 'service', 'environment', 'requestId', 'context'];
const PLACED_FIELDS = new Set([...FIXED_FIELDS, 'error']);

export const jsonLineFormat = winston.format((info: Info) => {
  const line: Record<string, unknown> = {};
  for (const key of FIXED_FIELDS) line[key] = info[key];
  for (const key of Object.keys(info)) if (!PLACED_FIELDS.has(key)) line[key] = info[key];
  line.error = info.error;
  try {
    info[MESSAGE] = JSON.stringify(line);
  } catch {
    // Unreachable after redact() (it removes cycles and bigints); never lose the line itself.
    const { timestamp, level, message, service, environment } = info;
    info[MESSAGE] = JSON.stringify({ timestamp, level, message: String(message), service, environment });
  }
  return info;
});

const COLOURS: Record<string, number> = { error: 31, warn: 33, info: 32, debug: 35, trace: 90 };
const HIDDEN_IN_CONSOLE = new Set([
  'timestamp',
  'level',
  'message',
  'context',
  'error',
  'service',
  'environment',
]);

/** Development console: `time LEVEL [context] (requestId) message {fields}` and the stack below. */
export const devConsoleFormat = winston.format((info: Info, options: unknown) => {
  const colors = (options as { colors?: boolean }).colors === true;
  const paint = (code: number, text: string) => (colors ? `\x1b[${code}m${text}\x1b[39m` : text);
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(info)) {
    if (!HIDDEN_IN_CONSOLE.has(key) && key !== 'requestId') fields[key] = info[key];
  }
  const level = String(info.level);
  const parts = [
    String(info.timestamp),
    paint(COLOURS[level] ?? 39, level.toUpperCase().padEnd(5)),
    info.context ? paint(33, `[${asText(info.context)}]`) : undefined,
    info.requestId ? paint(90, `(${asText(info.requestId)})`) : undefined,
    asText(info.message),
    Object.keys(fields).length > 0 ? paint(90, JSON.stringify(fields)) : undefined,
  ];
  let line = parts.filter((part) => part !== undefined).join(' ');
  const error = info.error as { stack?: unknown } | undefined;
  if (error && typeof error.stack === 'string') line += `\n${paint(31, error.stack)}`;
  else if (error !== undefined) line += ` ${paint(31, JSON.stringify(error))}`;
  info[MESSAGE] = line;
  return info;
});

/** Lets through only the listed levels (a transport's `level` lets through that level and above). */
export const onlyLevelsFormat = winston.format((info, options: unknown) =>
  (options as { levels: string[] }).levels.includes(info.level) ? info : false,
);

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (Array.isArray(value))
    return value.find((item): item is string => typeof item === 'string' && item !== '');
  return undefined;
}

/** "TypeError: boom\n    at …" → "boom"; a stack without such a first line is its own message. */
function messageOfStack(stack: string): string {
  const firstLine = stack.split('\n', 1)[0];
  return /^[\w$.]*(?:Error|Exception)[^:]*:\s*(.*)$/.exec(firstLine)?.[1] ?? firstLine;
}
