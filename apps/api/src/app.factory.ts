import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppConfig } from '@app/config';
import { WINSTON_MODULE_NEST_PROVIDER, reenterRequestContext, requestContextMiddleware } from '@app/logging';
import { AppModule, AppOptions } from './app.module';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { createValidationPipe } from './http/validation';
import { bodyParserErrors } from './http/body-parser-errors';

export const API_PREFIX = 'api/v1';

/** Builds the application exactly as production runs it; e2e tests call this too. */
export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app, config);
  return app;
}

export function configureApp(app: INestApplication & NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(WINSTON_MODULE_NEST_PROVIDER));
  app.use(requestContextMiddleware);
  app.set('trust proxy', config.app.trustProxy);
  app.disable('x-powered-by');
  app.use(helmet());
  if (config.app.corsOrigins.length > 0) app.enableCors({ origin: config.app.corsOrigins });
  app.useBodyParser('json', { limit: config.app.bodyLimitBytes });
  app.use(bodyParserErrors);
  app.use(reenterRequestContext);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
}
