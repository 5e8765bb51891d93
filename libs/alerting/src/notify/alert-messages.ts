import { AlertPriority } from '@app/config';
import { SEVERITY_OF_PRIORITY } from '../domain/alert-priority';
import { AlertRecord } from '../alerts/alert.record';

/** Why a message is sent. */
export type NoticeKind = 'firing' | 'reminder' | 'resolved' | 'acknowledged' | 'flapping' | 'escalation';

const COLOURS: Record<AlertPriority, string> = { P0: '#d00000', P1: '#ff8c00', P2: '#f2c744', P3: '#439fe0' };
const RESOLVED_COLOUR = '#2eb886';
const PAGERDUTY_SEVERITY: Record<AlertPriority, 'critical' | 'error' | 'warning' | 'info'> = {
  P0: 'critical',
  P1: 'error',
  P2: 'warning',
  P3: 'info',
};

export function summaryOf(alert: AlertRecord): string {
  return alert.annotations.summary ?? alert.annotations.description ?? alert.name;
}

function headline(alert: AlertRecord, kind: NoticeKind, level?: string): string {
  const tag = `[${alert.priority}] ${alert.name}`;
  switch (kind) {
    case 'firing':
      return `🔥 ${tag} is firing`;
    case 'reminder':
      return `⏰ ${tag} is still firing`;
    case 'resolved':
      return `✅ ${tag} resolved`;
    case 'acknowledged':
      return `👀 ${tag} acknowledged by ${alert.acknowledgedBy ?? 'someone'}`;
    case 'flapping':
      return `🔁 ${tag} is flapping (firing and resolving repeatedly); further changes are muted while it flaps`;
    case 'escalation':
      return `🚨 ${tag} escalated to ${level ?? 'the next level'}: not acknowledged`;
  }
}

/** Slack incoming-webhook body: colour by severity, fields Severity, Team, Time, summary and description. */
export function slackMessage(
  alert: AlertRecord,
  kind: NoticeKind,
  at: Date,
  level?: string,
): Record<string, unknown> {
  const text = headline(alert, kind, level);
  const description = alert.annotations.description;
  return {
    text,
    attachments: [
      {
        color: kind === 'resolved' ? RESOLVED_COLOUR : COLOURS[alert.priority],
        title: summaryOf(alert),
        text: description && description !== summaryOf(alert) ? description : undefined,
        fields: [
          {
            title: 'Severity',
            value: `${alert.priority} (${SEVERITY_OF_PRIORITY[alert.priority]})`,
            short: true,
          },
          { title: 'Team', value: alert.labels.team ?? 'unassigned', short: true },
          { title: 'Time', value: at.toISOString(), short: true },
          { title: 'Fingerprint', value: alert.fingerprint, short: true },
        ],
        footer: `Pulse alerting · ${alert.source}`,
        ts: Math.floor(at.getTime() / 1000),
      },
    ],
  };
}

/** PagerDuty Events API v2: the fingerprint is the dedup_key, so trigger/ack/resolve hit one incident. */
export function pagerDutyEvent(
  alert: AlertRecord,
  action: 'trigger' | 'acknowledge' | 'resolve',
  routingKey: string,
  at: Date,
  level?: string,
): Record<string, unknown> {
  const event: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: action,
    dedup_key: alert.fingerprint,
  };
  if (action === 'trigger') {
    event.payload = {
      summary: `${level ? `[${level}] ` : ''}${alert.name}: ${summaryOf(alert)}`.slice(0, 1024),
      source: alert.labels.instance ?? alert.labels.job ?? 'pulse',
      severity: PAGERDUTY_SEVERITY[alert.priority],
      timestamp: at.toISOString(),
      component: alert.labels.service ?? alert.labels.job,
      group: alert.labels.team,
      custom_details: { labels: alert.labels, annotations: alert.annotations, priority: alert.priority },
    };
  }
  return event;
}

/** The generic webhook document. */
export function webhookDocument(
  alert: AlertRecord,
  kind: NoticeKind,
  at: Date,
  level?: string,
): Record<string, unknown> {
  return {
    version: '1',
    kind,
    level,
    at: at.toISOString(),
    alert: {
      id: alert.id,
      fingerprint: alert.fingerprint,
      name: alert.name,
      priority: alert.priority,
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt.toISOString(),
      endsAt: alert.endsAt?.toISOString() ?? null,
    },
  };
}

/** One Slack message listing several P2 alerts. */
export function slackDigest(
  entries: Array<{ alert: AlertRecord; status: string; at: Date }>,
  at: Date,
): Record<string, unknown> {
  const lines = entries.map(
    ({ alert, status, at: when }) =>
      `• ${status === 'resolved' ? '✅' : '🔥'} [${alert.priority}] *${alert.name}* — ${summaryOf(alert)} (${status} ${when.toISOString()}, team ${alert.labels.team ?? 'unassigned'})`,
  );
  return {
    text: `Alert digest: ${entries.length} change(s)`,
    attachments: [
      {
        color: COLOURS.P2,
        title: 'Medium-priority alerts since the last digest',
        text: lines.join('\n'),
        ts: Math.floor(at.getTime() / 1000),
      },
    ],
  };
}
