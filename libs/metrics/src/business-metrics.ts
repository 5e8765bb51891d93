import { Provider } from '@nestjs/common';
import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

/**
 * The business and job metrics of DESIGN.md, defined once with their help texts. Names and labels are
 * a contract with ops/ (alert rules, dashboards): change them only together.
 * Feature modules inject them with `@InjectMetric(name)`.
 */
export const BUSINESS_METRICS: Provider[] = [
  makeCounterProvider({
    name: 'user_registrations_total',
    help: 'Users who registered, by acquisition source (from user_registered events).',
    labelNames: ['source'],
  }),
  makeCounterProvider({
    name: 'user_logins_total',
    help: 'User logins, by login method (from user_logged_in events).',
    labelNames: ['method'],
  }),
  makeCounterProvider({
    name: 'conversion_funnel_total',
    help: 'Events of the configured conversion funnel, by step.',
    labelNames: ['step'],
  }),
  makeCounterProvider({ name: 'user_activated_total', help: 'Users who reached activation.' }),
  makeGaugeProvider({
    name: 'active_users',
    help: 'Distinct active users over the window (approximate, from Redis HyperLogLog).',
    labelNames: ['window'],
  }),
  makeGaugeProvider({ name: 'active_users_stickiness_ratio', help: 'DAU divided by MAU (0..1).' }),
  makeCounterProvider({
    name: 'feedback_submitted_total',
    help: 'Feedback submissions, by type and detected sentiment.',
    labelNames: ['type', 'sentiment'],
  }),
  makeCounterProvider({
    name: 'nps_responses_total',
    help: 'NPS answers, by category (promoter, passive, detractor).',
    labelNames: ['category'],
  }),
  makeGaugeProvider({
    name: 'nps_score',
    help: 'Net Promoter Score (-100..100) over the window.',
    labelNames: ['window'],
  }),
  makeCounterProvider({
    name: 'experiment_exposures_total',
    help: 'First exposures of users to an experiment variant.',
    labelNames: ['experiment', 'variant'],
  }),
  makeGaugeProvider({
    name: 'alerts_firing',
    help: 'Alerts currently firing, by severity.',
    labelNames: ['severity'],
  }),
  makeCounterProvider({
    name: 'alert_notifications_total',
    help: 'Alert notification deliveries, by channel and result.',
    labelNames: ['channel', 'result'],
  }),
  makeGaugeProvider({
    name: 'incidents_open',
    help: 'Incidents not yet resolved, by severity.',
    labelNames: ['severity'],
  }),
  makeHistogramProvider({
    name: 'incident_time_to_acknowledge_seconds',
    help: 'Time from detection to acknowledgement of incidents (MTTA), by severity.',
    labelNames: ['severity'],
    buckets: [60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400],
  }),
  makeHistogramProvider({
    name: 'incident_time_to_resolve_seconds',
    help: 'Time from detection to resolution of incidents (MTTR), by severity.',
    labelNames: ['severity'],
    buckets: [300, 900, 1800, 3600, 7200, 14400, 43200, 86400, 259200],
  }),
  makeCounterProvider({
    name: 'cache_requests_total',
    help: 'Cache look-ups by cache name and result (hit, miss, error).',
    labelNames: ['cache', 'result'],
  }),
  makeCounterProvider({
    name: 'scheduled_job_runs_total',
    help: 'Scheduled job runs, by job and result (success, failure, skipped).',
    labelNames: ['job', 'result'],
  }),
  makeHistogramProvider({
    name: 'scheduled_job_duration_seconds',
    help: 'Duration of scheduled job runs.',
    labelNames: ['job'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  }),
  makeGaugeProvider({
    name: 'scheduled_job_last_success_timestamp_seconds',
    help: 'Unix time of the last successful run of each job.',
    labelNames: ['job'],
  }),
  makeCounterProvider({
    name: 'rate_limit_fail_open_total',
    help: 'Requests let through without a rate-limit check because Redis was unavailable.',
  }),
  makeCounterProvider({
    name: 'outbox_deliveries_total',
    help: 'Outbox delivery attempts, by channel and result (delivered, retry, dead, skipped).',
    labelNames: ['channel', 'result'],
  }),
  // The outbox is a timer, not a scheduled job: these two say whether it keeps up (OutboxBacklogStuck).
  makeGaugeProvider({
    name: 'outbox_messages_pending',
    help: 'Outbox messages not yet delivered, given up or skipped (all replicas share the table).',
  }),
  makeGaugeProvider({
    name: 'outbox_oldest_pending_timestamp_seconds',
    help: 'Unix time at which the oldest pending outbox message was enqueued; 0 when none is pending.',
  }),
];
