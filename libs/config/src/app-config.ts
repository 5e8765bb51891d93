import { AlertingSettings, readAlertingSettings } from './alerting-settings';
import { ConfigValidationError, Env, EnvReader } from './env-parsers';
import { databaseTimeouts } from './database-timeouts';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The whole validated configuration, one typed namespace per concern. Only `loadConfig` reads the
 * environment; everything else receives this object through DI.
 */
export class AppConfig {
  app: {
    port: number;
    env: NodeEnv;
    bodyLimitBytes: number;
    trustProxy: string | number | boolean;
    corsOrigins: string[];
    publicBaseUrl: string;
    /** False when publicBaseUrl is the default (a CLI run then takes the running server's). */
    publicBaseUrlConfigured: boolean;
    shutdownTimeoutMs: number;
  };
  database: {
    url?: string;
    schema?: string;
    poolSize: number;
    connectRetries: number;
    dataDir: string;
    statementTimeoutMs: number;
    queryTimeoutMs: number;
    poolTimeoutMs: number;
  };
  redis: {
    url?: string;
    clusterNodes: string[];
    keyPrefix: string;
  };
  logging: {
    level: LogLevel;
    dir: string;
    collectorUrl?: string;
    allowVerboseInProduction: boolean;
    /** NO_COLOR set (any non-empty value): no ANSI colours even on a terminal (no-color.org). */
    noColor: boolean;
  };
  metrics: { token?: string };
  auth: {
    bootstrapAdminKey?: string;
    keyCacheTtlSeconds: number;
    rateLimitPerMinute: number;
    rateLimitIpPerMinute: number;
    npsLinkSecret?: string;
  };
  cache: { timeoutMs: number; errorLogIntervalMs: number };
  /** Console sessions (libs/auth/src/session): idle and absolute lifetime. */
  console: { sessionIdleMinutes: number; sessionMaxHours: number };
  notifications: {
    slackWebhookUrl?: string;
    pagerdutyRoutingKey?: string;
    pagerdutyEventsUrl: string;
    genericWebhookUrl?: string;
  };
  /** cron: per-job schedule overrides from JOBS_CRON (`name=cron expression;…`). */
  jobs: { enabled: boolean; only: string[]; cron: Record<string, string> };
  reports: { timeZone: string };
  activity: {
    funnelSteps: string[];
    activationWindowHours: number;
    registrationSources: string[];
    loginMethods: string[];
    /** Days of raw events kept; older daily partitions of analytics_events are dropped whole. */
    eventsRetentionDays: number;
  };
  /** checklist unset → the incidents module's default response checklist. */
  incidents: { checklist?: string[]; postmortemLanguage: 'en' | 'zh' };
  /** Alert pipeline (libs/alerting): see the README "Alerting" section for each variable. */
  alerting: AlertingSettings;
  experiments: {
    /** SRM is flagged only when some variant's share is off by more than this (absolute, 0..1). */
    srmMinDeviation: number;
  };
  outbox: {
    /** Poll interval of the outbox dispatcher; 0 turns polling off (commit kicks still deliver). */
    pollMs: number;
    batchSize: number;
    maxAttempts: number;
    httpTimeoutMs: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    /** How long a claimed row stays invisible to other dispatchers (crash recovery). */
    leaseMs: number;
  };
}

export function loadConfig(env: Env): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const port = read.int('PORT', 3000, 1, 65535);
  const config: AppConfig = {
    app: {
      port,
      env: nodeEnv,
      bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 100 * 1024, 1024, 50 * 1024 * 1024),
      trustProxy: parseTrustProxy(read.string('TRUST_PROXY', 'false')),
      corsOrigins: read.list('CORS_ORIGINS'),
      publicBaseUrl: read.url('PUBLIC_BASE_URL', ['http', 'https']) ?? `http://localhost:${port}`,
      publicBaseUrlConfigured: env.PUBLIC_BASE_URL !== undefined && env.PUBLIC_BASE_URL !== '',
      shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    },
    database: {
      url: read.url('DATABASE_URL', ['postgres', 'postgresql']),
      schema: read.optionalString('DATABASE_SCHEMA'),
      poolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 500),
      connectRetries: read.int('DATABASE_CONNECT_RETRIES', 5, 0, 100),
      dataDir: read.string('DATA_DIR', './data'),
      ...databaseTimeouts(read),
    },
    redis: {
      url: read.url('REDIS_URL', ['redis', 'rediss']),
      clusterNodes: read.list('REDIS_CLUSTER_NODES'),
      keyPrefix: read.string('REDIS_KEY_PREFIX', 'pulse:'),
    },
    logging: {
      level: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      dir: read.string('LOG_DIR', './logs'),
      collectorUrl: read.url('LOG_COLLECTOR_URL', ['http', 'https']),
      allowVerboseInProduction: read.bool('LOG_FORCE_VERBOSE', false),
      noColor: (read.optionalString('NO_COLOR') ?? '') !== '',
    },
    metrics: { token: read.optionalString('METRICS_TOKEN', { minLength: 16 }) },
    auth: {
      bootstrapAdminKey: read.optionalString('BOOTSTRAP_ADMIN_KEY', { minLength: 32 }),
      keyCacheTtlSeconds: read.int('API_KEY_CACHE_TTL_SECONDS', 30, 0, 3600),
      rateLimitPerMinute: read.int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      rateLimitIpPerMinute: read.int('RATE_LIMIT_IP_PER_MINUTE', 120, 1, 1_000_000),
      npsLinkSecret: read.optionalString('NPS_LINK_SECRET', { minLength: 32 }),
    },
    console: {
      sessionIdleMinutes: read.int('CONSOLE_SESSION_IDLE_MINUTES', 60, 1, 7 * 24 * 60),
      sessionMaxHours: read.int('CONSOLE_SESSION_MAX_HOURS', 12, 1, 24 * 30),
    },
    cache: {
      timeoutMs: read.int('CACHE_TIMEOUT_MS', 50, 1, 10000),
      errorLogIntervalMs: read.int('CACHE_ERROR_LOG_INTERVAL_MS', 60000, 0, 3600000),
    },
    notifications: {
      slackWebhookUrl: read.url('SLACK_WEBHOOK_URL', ['http', 'https']),
      pagerdutyRoutingKey: read.optionalString('PAGERDUTY_ROUTING_KEY'),
      pagerdutyEventsUrl:
        read.url('PAGERDUTY_EVENTS_URL', ['http', 'https']) ?? 'https://events.pagerduty.com/v2/enqueue',
      genericWebhookUrl: read.url('ALERT_WEBHOOK_URL', ['http', 'https']),
    },
    jobs: {
      enabled: read.bool('JOBS_ENABLED', true),
      only: read.list('JOBS_ONLY'),
      cron: parseJobCron(read.optionalString('JOBS_CRON')),
    },
    reports: { timeZone: read.timeZone('REPORT_TIMEZONE', 'UTC') },
    activity: {
      funnelSteps: listOr(read.list('ACTIVITY_FUNNEL_STEPS'), [
        'view_landing',
        'click_signup',
        'complete_registration',
        'first_purchase',
      ]),
      activationWindowHours: read.int('ACTIVATION_WINDOW_HOURS', 24, 1, 24 * 90),
      registrationSources: listOr(read.list('ACTIVITY_REGISTRATION_SOURCES'), [
        'organic',
        'direct',
        'google',
        'facebook',
        'twitter',
        'linkedin',
        'email',
        'referral',
        'ads',
        'partner',
      ]),
      loginMethods: listOr(read.list('ACTIVITY_LOGIN_METHODS'), [
        'password',
        'google',
        'github',
        'apple',
        'facebook',
        'microsoft',
        'sso',
        'magic_link',
        'otp',
        'passkey',
      ]),
      // ≥ 31: ingestion accepts events up to 30 days old, their partition must still exist.
      eventsRetentionDays: read.int('EVENTS_RETENTION_DAYS', 100, 31, 100_000),
    },
    incidents: {
      checklist: parsePipeList(read.optionalString('INCIDENT_CHECKLIST')),
      postmortemLanguage: read.oneOf('POSTMORTEM_LANGUAGE', ['en', 'zh'] as const, 'en'),
    },
    alerting: readAlertingSettings(read),
    experiments: {
      srmMinDeviation: read.number('EXPERIMENT_SRM_MIN_DEVIATION', 0.01, 0, 1),
    },
    outbox: {
      pollMs: read.int('OUTBOX_POLL_MS', 1000, 0, 3600000),
      batchSize: read.int('OUTBOX_BATCH_SIZE', 10, 1, 500),
      maxAttempts: read.int('OUTBOX_MAX_ATTEMPTS', 10, 1, 100),
      httpTimeoutMs: read.int('OUTBOX_HTTP_TIMEOUT_MS', 5000, 100, 120000),
      backoffBaseMs: read.int('OUTBOX_BACKOFF_BASE_MS', 2000, 1, 3600000),
      backoffMaxMs: read.int('OUTBOX_BACKOFF_MAX_MS', 600000, 1, 86400000),
      leaseMs: read.int('OUTBOX_LEASE_MS', 60000, 1000, 3600000),
    },
  };
  if (config.outbox.leaseMs <= config.outbox.httpTimeoutMs) {
    read.problems.push('OUTBOX_LEASE_MS must be greater than OUTBOX_HTTP_TIMEOUT_MS');
  }
  if (nodeEnv === 'production' && (config.logging.level === 'debug' || config.logging.level === 'trace')) {
    if (!config.logging.allowVerboseInProduction) {
      read.problems.push(
        `LOG_LEVEL must be error, warn or info in production (set LOG_FORCE_VERBOSE=true to force), got "${config.logging.level}"`,
      );
    }
  }
  if (read.problems.length > 0) throw new ConfigValidationError(read.problems);
  return config;
}

function parsePipeList(value: string | undefined): string[] | undefined {
  const items = value
    ?.split('|')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return items && items.length > 0 ? items : undefined;
}

function listOr(values: string[], fallback: string[]): string[] {
  return values.length > 0 ? values : fallback;
}

function parseTrustProxy(value: string): string | number | boolean {
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value; // Express accepts subnet lists such as "loopback, 10.0.0.0/8"
}

/** `name=cron;name=cron` → { name: cron } (cron expressions contain spaces and commas, hence `;`). */
function parseJobCron(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of (value ?? '').split(';')) {
    if (entry.trim() === '') continue;
    const at = entry.indexOf('=');
    if (at < 1 || entry.slice(at + 1).trim() === '')
      throw new ConfigValidationError(['JOBS_CRON must be name=cron entries separated by ";"']);
    out[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return out;
}
