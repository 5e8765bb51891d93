export { AppConfig, loadConfig, LOG_LEVELS, NODE_ENVS } from './app-config';
export type { LogLevel, NodeEnv } from './app-config';
export { ALERT_PRIORITIES } from './alerting-settings';
export type {
  AlertingSettings,
  AlertPriority,
  AlertRouteChannel,
  EscalationTarget,
  InhibitRuleSettings,
} from './alerting-settings';
export { ConfigModule, readProcessEnv } from './config.module';
export { ConfigValidationError } from './env-parsers';
export type { Env } from './env-parsers';
