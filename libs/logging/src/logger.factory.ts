import * as winston from 'winston';
import { AppConfig } from '@app/config';
import { BatchedLineTransport, BatchedStreamTransport, DailyFileTransport } from './batched-line.transport';
import { CollectorTransport } from './collector.transport';
import {
  LOG_LEVEL_PRIORITIES,
  devConsoleFormat,
  errorFieldFormat,
  jsonLineFormat,
  onlyLevelsFormat,
  redactFormat,
  requestIdFormat,
} from './log-format';

/**
 * Daily files under LOG_DIR, one per retention class of the ops policy (error 90 days, warn 60,
 * info 30, debug 7). A line is kept exactly as long as its level requires: errors are in error.log
 * (90 d) and combined.log (30 d), debug lines only in debug.log (7 d). `<name>.log` is a symlink to
 * the current `<name>-YYYY-MM-DD.log` (UTC dates); files past their retention are deleted each new day.
 */
export const LOG_FILES = [
  { name: 'error', levels: ['error'], retentionDays: 90 },
  { name: 'warn', levels: ['warn'], retentionDays: 60 },
  { name: 'combined', levels: ['error', 'warn', 'info'], retentionDays: 30 },
  { name: 'debug', levels: ['debug', 'trace'], retentionDays: 7 },
] as const;

export interface LoggerOverrides {
  /** Where console lines go instead of stdout (tests), or false for none (benchmarks). */
  console?: NodeJS.WritableStream | false;
  colors?: boolean;
  /** Unit tests leave the files out. */
  files?: boolean;
}

/**
 * The winston logger of one app: redaction, request id and error fields for every transport, then
 * JSON lines in files, to the optional collector and (in production) on the console; colourised,
 * readable lines on the console in development.
 */
export function createWinstonLogger(config: AppConfig, overrides: LoggerOverrides = {}): winston.Logger {
  const production = config.app.env === 'production';
  const level = config.logging.level;
  const priority = (name: string) => LOG_LEVEL_PRIORITIES[name as keyof typeof LOG_LEVEL_PRIORITIES];
  const enabled = (name: string) => priority(name) <= priority(level);

  // Console and files write in batches (see BatchedLineTransport); error lines at once.
  const transports: winston.transport[] = [];
  if (overrides.console !== false) {
    const format = production
      ? undefined // the JSON line the logger's format made
      : devConsoleFormat({
          colors: overrides.colors ?? (process.stdout.isTTY === true && !config.logging.noColor),
        });
    transports.push(new BatchedStreamTransport(overrides.console ?? process.stdout, { format }));
  }
  for (const file of overrides.files === false ? [] : LOG_FILES) {
    if (!file.levels.some(enabled)) continue;
    transports.push(
      new DailyFileTransport({
        dir: config.logging.dir,
        name: file.name,
        retentionDays: file.retentionDays,
        // A transport's own level replaces the logger's: never let a file be more verbose than LOG_LEVEL.
        level: file.levels.filter(enabled).pop(),
        format: file.name === 'combined' ? undefined : onlyLevelsFormat({ levels: [...file.levels] }),
      }),
    );
  }
  if (production && config.logging.collectorUrl) {
    transports.push(new CollectorTransport({ url: config.logging.collectorUrl }));
  }

  return winston.createLogger({
    levels: LOG_LEVEL_PRIORITIES,
    level,
    defaultMeta: { service: 'pulse', environment: config.app.env },
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      requestIdFormat(),
      errorFieldFormat(),
      redactFormat(),
      winston.format.timestamp(),
      jsonLineFormat(),
    ),
    transports,
    exitOnError: false,
  });
}

const LEVEL = Symbol.for('level');
const ignore = () => undefined;

/**
 * Hands a line already rendered by the logger's format (its `MESSAGE` set) to the logger's transports,
 * without winston's stream machinery (a Transform piped into a Writable per transport: ~10 µs per line
 * here). Honours each transport's level, format and `silent`, as `logger.log` does.
 */
export function deliverRendered(logger: winston.Logger, info: winston.Logform.TransformableInfo): void {
  const { levels } = logger;
  const severity = levels[info.level];
  const rendered = Object.assign(info, { [LEVEL]: info.level });
  for (const transport of logger.transports) {
    if (transport.silent || !(severity <= levels[transport.level ?? logger.level])) continue;
    const delivered = transport.format
      ? transport.format.transform({ ...rendered }, transport.format.options)
      : rendered;
    if (typeof delivered === 'object') transport.log?.(delivered, ignore);
  }
}

/** Writes the lines the batched transports hold (tests read what was logged right after). */
export function flushWinstonLogger(logger: winston.Logger): void {
  for (const transport of logger.transports) {
    if (transport instanceof BatchedLineTransport) transport.flush();
  }
}

/** Writes what the transports hold and ends the file and collector transports; the console stays. */
export function closeWinstonLogger(logger: winston.Logger): void {
  for (const transport of [...logger.transports]) {
    if (transport instanceof BatchedStreamTransport) transport.flush();
    else if (transport instanceof BatchedLineTransport || transport instanceof CollectorTransport) {
      logger.remove(transport);
      transport.close();
    }
  }
}
