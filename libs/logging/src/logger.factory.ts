import { utilities as nestWinstonUtilities } from 'nest-winston';
import * as winston from 'winston';
import { AppConfig } from '@app/config';
import { RequestContext } from './request-context';

const LEVELS = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

/** Adds the request id of the current async context to every log record. */
const withRequestId = winston.format((info) => {
  const requestId = RequestContext.requestId();
  if (requestId && info.requestId === undefined) info.requestId = requestId;
  return info;
});

export function createWinstonOptions(
  config: AppConfig,
  extraTransports: winston.transport[] = [],
): winston.LoggerOptions {
  const production = config.app.env === 'production';
  const format = production
    ? winston.format.combine(
        withRequestId(),
        winston.format.errors({ stack: true }),
        winston.format.timestamp(),
        winston.format.json(),
      )
    : winston.format.combine(
        withRequestId(),
        winston.format.errors({ stack: true }),
        winston.format.timestamp(),
        nestWinstonUtilities.format.nestLike('Pulse', { colors: process.stdout.isTTY, prettyPrint: true }),
      );
  return {
    levels: LEVELS,
    level: config.logging.level,
    defaultMeta: { service: 'pulse', environment: config.app.env },
    format,
    transports: [new winston.transports.Console(), ...extraTransports],
  };
}
