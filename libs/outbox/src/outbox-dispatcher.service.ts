import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ThrottledLog, describeErrorChain } from '@app/logging';
import { Counter, Gauge, InjectMetric } from '@app/metrics';
import { HttpSender } from './http-sender';
import { backoffDelayMs, classifyStatus } from './outbox-backoff';
import { OUTBOX_CHANNELS } from './outbox-message';
import { ClaimedOutboxRow, OutboxRepository } from './outbox.repository';

const DELIVERY_RESULTS = ['delivered', 'retry', 'dead', 'skipped'] as const;
type DeliveryResult = (typeof DELIVERY_RESULTS)[number];
/** The backlog gauges are read at most this often (one indexed count per replica). */
const BACKLOG_REFRESH_MS = 10_000;

/**
 * Delivers pending outbox rows: claims small batches under a lease, POSTs each payload, then records
 * delivered / retry (exponential backoff with jitter) / dead (after maxAttempts or a permanent 4xx) /
 * skipped (channel not configured). Runs on every replica; claims never overlap.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<number> | null = null;
  private again = false;
  private stopping = false;
  private lastFailureLogAt = 0;
  private lastBacklogAt = 0;
  /** A failing Slack or PagerDuty is retried every few seconds: one line per channel and cause per minute. */
  private readonly deliveryFailures = new ThrottledLog(this.logger, { intervalMs: 60_000, level: 'warn' });

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: OutboxRepository,
    private readonly http: HttpSender,
    @InjectMetric('outbox_deliveries_total') private readonly deliveries: Counter<string>,
    @InjectMetric('alert_notifications_total') private readonly alertNotifications: Counter<string>,
    @InjectMetric('outbox_messages_pending') private readonly pending: Gauge<string>,
    @InjectMetric('outbox_oldest_pending_timestamp_seconds') private readonly oldestPending: Gauge<string>,
  ) {
    // Every series exists from the start, so the first dead letter is an increase Prometheus can see.
    for (const channel of OUTBOX_CHANNELS) {
      for (const result of DELIVERY_RESULTS) {
        this.deliveries.inc({ channel, result }, 0);
        this.alertNotifications.inc({ channel, result }, 0);
      }
    }
  }

  onApplicationBootstrap(): void {
    const { pollMs } = this.config.outbox;
    if (pollMs <= 0) return;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Let in-flight deliveries record their outcome; anything not started stays pending for the next run.
    await this.current?.catch(() => undefined);
  }

  /** Schedules a dispatch pass off the caller's path (after a commit, on each poll tick). */
  kick(): void {
    if (this.stopping) return;
    setImmediate(() => {
      this.dispatchOnce().catch((error: Error) => {
        // The poll retries every second while PostgreSQL is away: one line a minute is enough.
        if (Date.now() - this.lastFailureLogAt < 60_000) return;
        this.lastFailureLogAt = Date.now();
        this.logger.warn(`Outbox dispatch failed: ${error.message}`);
      });
    });
  }

  /**
   * Delivers everything due now, batch by batch; returns how many rows were handled. Concurrent calls
   * in one process share a pass (and trigger one more when they arrive mid-pass).
   */
  async dispatchOnce(): Promise<number> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.drain().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async drain(): Promise<number> {
    let handled = 0;
    do {
      this.again = false;
      for (;;) {
        if (this.stopping) return handled;
        const batch = await this.repository.claim(
          this.clock.now(),
          this.config.outbox.leaseMs,
          this.config.outbox.batchSize,
          randomUUID(),
        );
        await Promise.all(batch.map((row) => this.deliver(row)));
        handled += batch.length;
        if (batch.length < this.config.outbox.batchSize) break;
      }
    } while (this.again && !this.stopping);
    await this.refreshBacklog();
    return handled;
  }

  /**
   * Backlog gauges for OutboxBacklogStuck. The oldest message is exported as a timestamp: when
   * PostgreSQL is away the gauge keeps its last value and `time() - it` still grows in Prometheus.
   */
  async refreshBacklog(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastBacklogAt < BACKLOG_REFRESH_MS) return;
    this.lastBacklogAt = now;
    const { pending, oldestCreatedAt } = await this.repository.backlog();
    this.pending.set(pending);
    this.oldestPending.set(oldestCreatedAt ? oldestCreatedAt.getTime() / 1000 : 0);
  }

  private async deliver(row: ClaimedOutboxRow): Promise<void> {
    const token = row.claimToken;
    const url = row.targetUrl ?? this.channelUrl(row);
    if (!url) {
      await this.repository.finish(
        row.id,
        token,
        'skipped',
        this.clock.now(),
        `channel ${row.channel} not configured`,
      );
      this.count(row, 'skipped');
      return;
    }
    let error: string;
    try {
      const response = await this.http.postJson(url, row.payload, this.config.outbox.httpTimeoutMs);
      const kind = classifyStatus(response.status);
      if (kind === 'delivered') {
        await this.repository.finish(row.id, token, 'delivered', this.clock.now(), null);
        this.count(row, 'delivered');
        return;
      }
      error = `HTTP ${response.status}: ${response.body}`.slice(0, 1000);
      if (kind === 'permanent') return await this.giveUp(row, token, error);
      this.deliveryFailures.report(
        `${row.channel} HTTP ${response.status}`,
        `Delivery to ${row.channel} failed (${error.slice(0, 200)}); retrying with backoff`,
      );
    } catch (caught) {
      // Keep the cause chain: "TypeError: fetch failed" alone does not say the port was refused.
      error = describeErrorChain(caught).slice(0, 1000);
      this.deliveryFailures.report(
        `${row.channel} ${error.slice(0, 200)}`,
        `Delivery to ${row.channel} failed (${error}); retrying with backoff`,
      );
    }
    if (row.attempts >= this.config.outbox.maxAttempts) return this.giveUp(row, token, error);
    const delay = backoffDelayMs(row.attempts, {
      baseMs: this.config.outbox.backoffBaseMs,
      maxMs: this.config.outbox.backoffMaxMs,
    });
    await this.repository.scheduleRetry(row.id, token, new Date(this.clock.now().getTime() + delay), error);
    this.count(row, 'retry');
  }

  private async giveUp(row: ClaimedOutboxRow, token: string, error: string): Promise<void> {
    await this.repository.finish(row.id, token, 'dead', this.clock.now(), error);
    this.count(row, 'dead');
    this.logger.warn(
      `Outbox message ${row.id} (${row.source} → ${row.channel}) given up after ${row.attempts} attempt(s): ${error}`,
    );
  }

  private channelUrl(row: ClaimedOutboxRow): string | undefined {
    const notifications = this.config.notifications;
    switch (row.channel) {
      case 'slack':
        return notifications.slackWebhookUrl;
      case 'pagerduty':
        return notifications.pagerdutyEventsUrl;
      case 'webhook':
        return notifications.genericWebhookUrl;
    }
  }

  private count(row: ClaimedOutboxRow, result: DeliveryResult): void {
    this.deliveries.inc({ channel: row.channel, result });
    if (row.source === 'alerting') this.alertNotifications.inc({ channel: row.channel, result });
  }
}
