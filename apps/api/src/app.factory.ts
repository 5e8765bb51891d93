import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppConfig } from '@app/config';
import { CONSOLE_ROUTES } from '@app/console';
import { DatabaseOutageMonitor } from '@app/database';
import {
  AccessLogger,
  WINSTON_MODULE_NEST_PROVIDER,
  appLoggerFor,
  reenterRequestContext,
  requestContextMiddleware,
} from '@app/logging';
import { HttpMetrics } from '@app/metrics';
import { InputGuardPipe } from '@app/validation';
import { AppModule, AppOptions } from './app.module';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { createValidationPipe } from './http/validation';
import { bodyParserErrors } from './http/body-parser-errors';
import { JSON_MEDIA_TYPES, requireJsonBody } from './http/json-content-type';
import { ResponseObserver } from './http/response-observer';
import { serveOpenApi } from './openapi/openapi';

export const API_PREFIX = 'api/v1';

/** Builds the application exactly as production runs it; e2e tests call this too. */
export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestExpressApplication> {
  return createAppFromModule(AppModule.forRoot(config, options), config);
}

/** createApp around another root module: e2e tests wrap the real AppModule to add probe controllers. */
export async function createAppFromModule(
  rootModule: DynamicModule | Type,
  config: AppConfig,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    // The app's winston logger from the first line of bootstrap on (module wiring, connection retries,
    // migrations); LoggingModule injects this same instance.
    logger: appLoggerFor(config),
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app, config);
  return app;
}

export function configureApp(app: INestApplication & NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(WINSTON_MODULE_NEST_PROVIDER));
  // First: it must see every response, including those of the middleware below.
  app.use(new ResponseObserver(app.get(HttpMetrics), app.get(AccessLogger)).middleware);
  app.use(requestContextMiddleware);
  app.set('trust proxy', config.app.trustProxy);
  app.disable('x-powered-by');
  app.use(helmet());
  if (config.app.corsOrigins.length > 0) {
    // Browsers only show scripts the headers listed here: the request id and the rate-limit answers.
    app.enableCors({
      origin: config.app.corsOrigins,
      exposedHeaders: [
        'X-Request-Id',
        'Retry-After',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ],
    });
  }
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: config.app.bodyLimitBytes, type: JSON_MEDIA_TYPES });
  app.use(bodyParserErrors);
  app.use(reenterRequestContext);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', ...CONSOLE_ROUTES] });
  // Input storage cannot hold (NUL, lone surrogates, nesting past MAX_JSON_DEPTH) stops before validation.
  app.useGlobalPipes(new InputGuardPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(app.get(DatabaseOutageMonitor)));
  serveOpenApi(app);
}
