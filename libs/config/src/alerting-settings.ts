import { EnvReader } from './env-parsers';

/** The alerting namespace of AppConfig: routing, escalation, inhibition and business-rule settings. */
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
  /**
   * Alertmanager's API (`GET /api/v2/alerts`): asked before escalating an alert that came from it, and
   * about alerts it has not re-sent within `repeatIntervalMs` (its route's repeat_interval). Unset: such
   * stale alerts expire instead.
   */
  alertmanager: { url?: string; repeatIntervalMs: number; timeoutMs: number };
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

/** The same two rules as ops/alertmanager/alertmanager.yml (test/ops-config.spec.ts compares them). */
const DEFAULT_INHIBIT_RULES: InhibitRuleSettings[] = [
  {
    sourceMatchers: ['alertname="ServiceDown"'],
    targetMatchers: ['alertname!="ServiceDown"'],
    equal: ['job', 'instance'],
  },
  {
    sourceMatchers: ['severity="critical"'],
    targetMatchers: ['severity="warning"'],
    equal: ['alertname', 'job', 'instance'],
  },
];
const MATCHER_STRING = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*$/;

export function readAlertingSettings(read: EnvReader): AlertingSettings {
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
    alertmanager: {
      url: read.url('ALERTMANAGER_URL', ['http', 'https']),
      repeatIntervalMs: read.int('ALERTMANAGER_REPEAT_INTERVAL_SECONDS', 4 * 3600, 1, 30 * 86400) * 1000,
      timeoutMs: read.int('ALERTMANAGER_TIMEOUT_MS', 3000, 100, 60000),
    },
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
