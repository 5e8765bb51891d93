/**
 * What producers put in the outbox. The outbox delivers `payload` as a JSON POST to the channel's
 * configured target (or `targetUrl` when given), with retries and exponential backoff, after the
 * producing transaction commits. Producers format; the outbox only delivers.
 */
export const OUTBOX_CHANNELS = ['slack', 'pagerduty', 'webhook'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

export interface OutboxMessage {
  channel: OutboxChannel;
  /** Channel-specific body: a Slack message, a PagerDuty Events v2 event, a webhook document. */
  payload: Record<string, unknown>;
  /** Overrides the channel's configured URL (e.g. an escalation level's own Slack webhook). */
  targetUrl?: string;
  /** Messages with the same key are enqueued once (idempotent producers, replicas racing). */
  dedupeKey?: string;
  /** Who produced it, for metrics and the admin view: 'feedback', 'alerting', 'reports'. */
  source: string;
}
