export { AppConfig, loadConfig, LOG_LEVELS, NODE_ENVS } from './app-config';
export type { LogLevel, NodeEnv } from './app-config';
export { ConfigModule, readProcessEnv } from './config.module';
export { ConfigValidationError } from './env-parsers';
export type { Env } from './env-parsers';
