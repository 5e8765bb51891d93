import { ConfigValidationError, Env, EnvReader } from './env-parsers';

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
    shutdownTimeoutMs: number;
  };
  database: {
    url?: string;
    schema?: string;
    poolSize: number;
    connectRetries: number;
    dataDir: string;
  };
  redis: {
    url?: string;
    clusterNodes: string[];
    keyPrefix: string;
  };
  logging: { level: LogLevel; dir: string; collectorUrl?: string; allowVerboseInProduction: boolean };
  metrics: { token?: string };
  auth: {
    bootstrapAdminKey?: string;
    keyCacheTtlSeconds: number;
    rateLimitPerMinute: number;
    rateLimitIpPerMinute: number;
    npsLinkSecret?: string;
  };
  cache: { timeoutMs: number; errorLogIntervalMs: number };
  notifications: {
    slackWebhookUrl?: string;
    pagerdutyRoutingKey?: string;
    pagerdutyEventsUrl: string;
    genericWebhookUrl?: string;
  };
  jobs: { enabled: boolean; only: string[] };
  reports: { timeZone: string };
  activity: {
    funnelSteps: string[];
    activationWindowHours: number;
    registrationSources: string[];
    loginMethods: string[];
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
      shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    },
    database: {
      url: read.url('DATABASE_URL', ['postgres', 'postgresql']),
      schema: read.optionalString('DATABASE_SCHEMA'),
      poolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 500),
      connectRetries: read.int('DATABASE_CONNECT_RETRIES', 5, 0, 100),
      dataDir: read.string('DATA_DIR', './data'),
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
    },
    metrics: { token: read.optionalString('METRICS_TOKEN', { minLength: 16 }) },
    auth: {
      bootstrapAdminKey: read.optionalString('BOOTSTRAP_ADMIN_KEY', { minLength: 32 }),
      keyCacheTtlSeconds: read.int('API_KEY_CACHE_TTL_SECONDS', 30, 0, 3600),
      rateLimitPerMinute: read.int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      rateLimitIpPerMinute: read.int('RATE_LIMIT_IP_PER_MINUTE', 120, 1, 1_000_000),
      npsLinkSecret: read.optionalString('NPS_LINK_SECRET', { minLength: 32 }),
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
    jobs: { enabled: read.bool('JOBS_ENABLED', true), only: read.list('JOBS_ONLY') },
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

export const ALERT_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];
export const ALERT_ROUTE_CHANNELS = ['pagerduty', 'slack', 'webhook', 'digest'] as const;
export type AlertRouteChannel = (typeof ALERT_ROUTE_CHANNELS)[number];

/** One escalation target: a Slack/webhook URL or a PagerDuty routing key. */
export interface EscalationTarget {
  channel: 'slack' | 'pagerduty' | 'webhook';
  target: string;
}

/** Inhibition rule with Alertmanager's semantics; matchers are Alertmanager strings (`alertname="X"`). */
export interface InhibitRuleSettings {
  sourceMatchers: string[];
  targetMatchers: string[];
  equal: string[];
}

export interface AlertingSettings {
  dedupWindowMs: number;
  repeatIntervalMs: number;
  routes: Record<AlertPriority, AlertRouteChannel[]>;
  escalation: Array<{ level: string; afterMs: number; targets: EscalationTarget[] }>;
  inhibitRules: InhibitRuleSettings[];
  flapThreshold: number;
  flapWindowMs: number;
  rules: {
    disabled: string[];
    activationDropPercent: number;
    activationMinRegistrations: number;
    funnelDropPercent: number;
    funnelMinUsers: number;
    negativeFeedbackRisePoints: number;
    negativeFeedbackMinCount: number;
    npsDropPoints: number;
    npsMinResponses: number;
    dauDropPercent: number;
    dauMinUsers: number;
  };
}

const DEFAULT_INHIBIT_RULES: InhibitRuleSettings[] = [
  {
    sourceMatchers: ['alertname="ServiceDown"'],
    targetMatchers: ['alertname!="ServiceDown"'],
    equal: ['instance'],
  },
];
const MATCHER_STRING = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*$/;

function readAlertingSettings(read: EnvReader): AlertingSettings {
  const routes = {
    P0: ['pagerduty', 'slack'],
    P1: ['slack'],
    P2: ['digest'],
    P3: [],
  } as AlertingSettings['routes'];
  for (const entry of read.list('ALERT_ROUTES')) {
    const [priority, channels = ''] = entry.split(':');
    const list = channels === 'none' ? [] : channels.split('+').filter((c) => c.length > 0);
    if (
      !(ALERT_PRIORITIES as readonly string[]).includes(priority) ||
      list.some((c) => !(ALERT_ROUTE_CHANNELS as readonly string[]).includes(c))
    ) {
      read.problems.push(`ALERT_ROUTES must be like P0:pagerduty+slack,P3:none, got "${entry}"`);
      continue;
    }
    routes[priority as AlertPriority] = list as AlertRouteChannel[];
  }
  const minutes = read.list('ALERT_ESCALATION_MINUTES');
  const escalationMinutes = (minutes.length > 0 ? minutes : ['5', '15', '30']).map(Number);
  if (
    escalationMinutes.some(
      (m, i) => !Number.isInteger(m) || m < 1 || (i > 0 && m <= escalationMinutes[i - 1]),
    )
  ) {
    read.problems.push('ALERT_ESCALATION_MINUTES must be increasing whole minutes such as 5,15,30');
  }
  const escalation = escalationMinutes.map((m, i) => {
    const level = `L${i + 1}`;
    const targets: EscalationTarget[] = [];
    for (const item of read.list(`ALERT_ESCALATION_${level}_TARGETS`)) {
      const at = item.indexOf(':');
      const channel = item.slice(0, at);
      if (at < 1 || !['slack', 'pagerduty', 'webhook'].includes(channel) || item.length === at + 1) {
        // May hold a secret (routing key, webhook URL): name the rule, not the value.
        read.problems.push(
          `ALERT_ESCALATION_${level}_TARGETS items must be slack:<url>, webhook:<url> or pagerduty:<key>`,
        );
        continue;
      }
      targets.push({ channel: channel as EscalationTarget['channel'], target: item.slice(at + 1) });
    }
    return { level, afterMs: m * 60_000, targets };
  });
  return {
    dedupWindowMs: read.int('ALERT_DEDUP_WINDOW_SECONDS', 300, 0, 86400) * 1000,
    repeatIntervalMs: read.int('ALERT_REPEAT_INTERVAL_SECONDS', 4 * 3600, 60, 30 * 86400) * 1000,
    routes,
    escalation,
    inhibitRules: readInhibitRules(read),
    flapThreshold: read.int('ALERT_FLAP_THRESHOLD', 4, 1, 1000),
    flapWindowMs: read.int('ALERT_FLAP_WINDOW_SECONDS', 3600, 60, 86400) * 1000,
    rules: {
      disabled: readDisabledRules(read),
      activationDropPercent: read.number('ALERT_RULE_ACTIVATION_DROP_PERCENT', 50, 1, 100),
      activationMinRegistrations: read.int('ALERT_RULE_ACTIVATION_MIN_REGISTRATIONS', 20, 1, 1_000_000),
      funnelDropPercent: read.number('ALERT_RULE_FUNNEL_DROP_PERCENT', 20, 1, 100),
      funnelMinUsers: read.int('ALERT_RULE_FUNNEL_MIN_USERS', 50, 1, 1_000_000),
      negativeFeedbackRisePoints: read.number('ALERT_RULE_NEGATIVE_FEEDBACK_RISE_POINTS', 10, 1, 100),
      negativeFeedbackMinCount: read.int('ALERT_RULE_NEGATIVE_FEEDBACK_MIN_COUNT', 30, 1, 1_000_000),
      npsDropPoints: read.number('ALERT_RULE_NPS_DROP_POINTS', 10, 1, 200),
      npsMinResponses: read.int('ALERT_RULE_NPS_MIN_RESPONSES', 30, 1, 1_000_000),
      dauDropPercent: read.number('ALERT_RULE_DAU_DROP_PERCENT', 50, 1, 100),
      dauMinUsers: read.int('ALERT_RULE_DAU_MIN_USERS', 50, 1, 1_000_000),
    },
  };
}

const BUSINESS_RULE_NAMES = ['activation', 'funnel', 'negative-feedback', 'nps', 'dau'];

function readDisabledRules(read: EnvReader): string[] {
  const names = read.list('ALERT_RULES_DISABLED');
  const unknown = names.filter((name) => !BUSINESS_RULE_NAMES.includes(name));
  if (unknown.length > 0) {
    read.problems.push(
      `ALERT_RULES_DISABLED must list names among ${BUSINESS_RULE_NAMES.join(', ')}, got "${unknown.join(',')}"`,
    );
  }
  return names;
}

function readInhibitRules(read: EnvReader): InhibitRuleSettings[] {
  const raw = read.optionalString('ALERT_INHIBIT_RULES');
  if (raw === undefined) return DEFAULT_INHIBIT_RULES;
  const rule = 'a JSON array of {source_matchers, target_matchers, equal} with matchers like alertname="X"';
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) throw new Error('not an array');
    const strings = (value: unknown): string[] => {
      if (value === undefined) return [];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error('not strings');
      return value as string[];
    };
    return parsed.map((item: Record<string, unknown>) => {
      const sourceMatchers = strings(item.source_matchers);
      const targetMatchers = strings(item.target_matchers);
      if ([...sourceMatchers, ...targetMatchers].some((m) => !MATCHER_STRING.test(m)))
        throw new Error('matcher');
      return { sourceMatchers, targetMatchers, equal: strings(item.equal) };
    });
  } catch {
    read.problems.push(`ALERT_INHIBIT_RULES must be ${rule}`);
    return DEFAULT_INHIBIT_RULES;
  }
}

/** `a | b | c` → ['a', 'b', 'c']; unset → undefined (the module default applies). */
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
