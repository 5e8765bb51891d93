export { LoggingModule } from './logging.module';
export { createWinstonOptions } from './logger.factory';
export { RequestContext, requestContextMiddleware, reenterRequestContext } from './request-context';
export type { RequestContextStore, RequestWithContext } from './request-context';
export { WINSTON_MODULE_NEST_PROVIDER } from 'nest-winston';
