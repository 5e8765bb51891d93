import * as path from 'node:path';
import * as winston from 'winston';
import DailyRotateFile from 'winston-daily-rotate-file';
import { AppConfig } from '@app/config';
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
 * (90 d) and combined.log (30 d), debug lines only in debug.log (7 d). `<name>.log` is a symlink to the
 * current `<name>-YYYY-MM-DD.log` (UTC dates); older files are deleted when their age passes maxFiles.
 */
export const LOG_FILES = [
  { name: 'error', levels: ['error'], maxFiles: '90d' },
  { name: 'warn', levels: ['warn'], maxFiles: '60d' },
  { name: 'combined', levels: ['error', 'warn', 'info'], maxFiles: '30d' },
  { name: 'debug', levels: ['debug', 'trace'], maxFiles: '7d' },
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

  const transports: winston.transport[] = [];
  if (overrides.console !== false) {
    const format = production
      ? undefined // the JSON line the logger's format made
      : devConsoleFormat({ colors: overrides.colors ?? process.stdout.isTTY === true });
    // Straight to the stream (winston's Console transport goes through `console.log` when the
    // global console is replaced, as under Jest).
    transports.push(new winston.transports.Stream({ stream: overrides.console ?? process.stdout, format }));
  }
  for (const file of overrides.files === false ? [] : LOG_FILES) {
    if (!file.levels.some(enabled)) continue;
    transports.push(
      new DailyRotateFile({
        dirname: config.logging.dir,
        filename: `${file.name}-%DATE%.log`,
        datePattern: 'YYYY-MM-DD',
        utc: true,
        maxFiles: file.maxFiles,
        createSymlink: true,
        symlinkName: `${file.name}.log`,
        auditFile: path.join(config.logging.dir, `.${file.name}-audit.json`),
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

/** Ends the file and collector transports (they flush what they hold); the console stays. */
export function closeWinstonLogger(logger: winston.Logger): void {
  for (const transport of [...logger.transports]) {
    if (!(transport instanceof DailyRotateFile || transport instanceof CollectorTransport)) continue;
    logger.remove(transport);
    transport.close?.();
  }
}
