import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig, EscalationTarget } from '@app/config';
import { OutboxService } from '@app/outbox';
import { AlertRecord } from '../alerts/alert.record';
import { NoticeKind, pagerDutyEvent, slackMessage, webhookDocument } from './alert-messages';

const SOURCE = 'alerting';

/**
 * Turns a decided notice into outbox messages, routed by priority (ALERT_ROUTES). Always called inside
 * the transaction that recorded the decision, so a message exists exactly when the decision committed.
 */
@Injectable()
export class AlertNotifier {
  private readonly logger = new Logger(AlertNotifier.name);

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  async notify(manager: EntityManager, alert: AlertRecord, kind: NoticeKind, at: Date): Promise<number> {
    let sent = 0;
    // Same decision, same key: a retried transaction cannot enqueue a message twice.
    const key = `alert:${alert.fingerprint}:${alert.episode}:${kind}:${at.getTime()}`;
    for (const channel of this.config.alerting.routes[alert.priority]) {
      switch (channel) {
        case 'slack':
          await this.enqueue(manager, 'slack', slackMessage(alert, kind, at), `${key}:slack`);
          sent++;
          break;
        case 'webhook':
          await this.enqueue(manager, 'webhook', webhookDocument(alert, kind, at), `${key}:webhook`);
          sent++;
          break;
        case 'pagerduty': {
          const action = PAGERDUTY_ACTION[kind];
          const routingKey = this.config.notifications.pagerdutyRoutingKey;
          if (!action) break;
          if (!routingKey) {
            this.logger.warn(`PagerDuty route for ${alert.priority} but PAGERDUTY_ROUTING_KEY is unset`);
            break;
          }
          await this.enqueue(
            manager,
            'pagerduty',
            pagerDutyEvent(alert, action, routingKey, at),
            `${key}:pagerduty`,
          );
          sent++;
          break;
        }
        case 'digest':
          // Reminders and acks are not digest material; firing/resolve/flapping changes are.
          if (kind === 'firing' || kind === 'resolved' || kind === 'flapping') {
            await manager.query(
              `INSERT INTO "alert_digest_entries" ("alert_id", "status", "at") VALUES ($1, $2, $3)`,
              [alert.id, kind, at],
            );
            sent++;
          }
          break;
      }
    }
    return sent;
  }

  /** Sends an escalation to the level's own targets (or the default Slack channel when it has none). */
  async escalate(
    manager: EntityManager,
    alert: AlertRecord,
    level: string,
    targets: EscalationTarget[],
    at: Date,
  ): Promise<void> {
    const key = `alert:${alert.fingerprint}:${alert.episode}:escalation:${level}`;
    if (targets.length === 0) {
      await this.enqueue(manager, 'slack', slackMessage(alert, 'escalation', at, level), `${key}:default`);
      return;
    }
    for (const [index, target] of targets.entries()) {
      const dedupeKey = `${key}:${index}`;
      if (target.channel === 'pagerduty') {
        await this.enqueue(
          manager,
          'pagerduty',
          pagerDutyEvent(alert, 'trigger', target.target, at, level),
          dedupeKey,
        );
      } else {
        const payload =
          target.channel === 'slack'
            ? slackMessage(alert, 'escalation', at, level)
            : webhookDocument(alert, 'escalation', at, level);
        await this.enqueue(manager, target.channel, payload, dedupeKey, target.target);
      }
    }
  }

  private async enqueue(
    manager: EntityManager,
    channel: 'slack' | 'pagerduty' | 'webhook',
    payload: Record<string, unknown>,
    dedupeKey: string,
    targetUrl?: string,
  ): Promise<void> {
    await this.outbox.enqueue(manager, { channel, payload, dedupeKey, targetUrl, source: SOURCE });
  }
}

const PAGERDUTY_ACTION: Record<NoticeKind, 'trigger' | 'acknowledge' | 'resolve' | null> = {
  firing: 'trigger',
  reminder: null, // PagerDuty keeps its incident open; a second trigger would only add noise
  flapping: 'trigger',
  escalation: 'trigger',
  acknowledged: 'acknowledge',
  resolved: 'resolve',
};
