import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { AlertPipeline } from '../alerts/alert-pipeline.service';
import { AlertRecord } from '../alerts/alert.record';
import { AlertStore } from '../alerts/alert.store';
import { fingerprintOf } from '../domain/fingerprint';
import { AlertmanagerAlertState, AlertmanagerApi } from './alertmanager-api';

/** `suppressedBy` of an alert muted by an Alertmanager silence (Pulse learned it from the API). */
export const ALERTMANAGER_SILENCE = 'alertmanager-silence:';
/** Alertmanager re-sends at a group_interval tick after repeat_interval: allow for that and delivery. */
const STALE_GRACE_MS = 2 * 60_000;

type Verdict = 'firing' | 'silenced' | 'resolved';

/**
 * Resolves Pulse cannot hear. Alertmanager drops the resolve of a silenced alert and delivers the rest
 * up to a group_interval late, so Pulse asks its API (`GET /api/v2/alerts`) about an alert that came
 * from it (a) before escalating it and (b) when Alertmanager has not re-sent it within repeat_interval.
 * Gone from the API → resolved (`resolvedBy: alertmanager-api`); silenced there → suppressed in Pulse, so
 * it does not escalate. Without ALERTMANAGER_URL, (b) expires the alert (`resolvedBy: expired`) and (a)
 * escalates: a page too many beats a page missed. Alertmanager unreachable: nothing changes.
 */
@Injectable()
export class AlertReconciler {
  private readonly logger = new Logger(AlertReconciler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: AlertStore,
    private readonly pipeline: AlertPipeline,
    private readonly api: AlertmanagerApi,
  ) {}

  /** (b): alerts not re-sent within repeat_interval (or whose endsAt passed). */
  async sweep(): Promise<Record<Verdict, number>> {
    const counts: Record<Verdict, number> = { firing: 0, silenced: 0, resolved: 0 };
    const now = this.clock.now();
    const staleMs = this.config.alerting.alertmanager.repeatIntervalMs + STALE_GRACE_MS;
    const stale = await this.store.staleAlertmanagerAlerts(now, staleMs);
    if (stale.length === 0) return counts;
    if (!this.api.configured) {
      for (const alert of stale) {
        await this.end(alert, 'expired');
        counts.resolved++;
      }
      return counts;
    }
    const held = await this.held();
    if (!held) return counts;
    for (const alert of stale) counts[await this.reconcile(alert, held, now)]++;
    return counts;
  }

  /** (a): the ids of these alerts that may be escalated now. */
  async stillFiring(alerts: AlertRecord[]): Promise<Set<string>> {
    const confirmed = new Set(alerts.filter((a) => a.source !== 'alertmanager').map((a) => a.id));
    const fromAlertmanager = alerts.filter((a) => a.source === 'alertmanager');
    if (fromAlertmanager.length === 0) return confirmed;
    const held = this.api.configured ? await this.held() : null;
    const now = this.clock.now();
    for (const alert of fromAlertmanager) {
      if (!held || (await this.reconcile(alert, held, now)) === 'firing') confirmed.add(alert.id);
    }
    return confirmed;
  }

  private async held(): Promise<Map<string, AlertmanagerAlertState> | null> {
    try {
      const alerts = await this.api.activeAlerts();
      return new Map(alerts.map((alert) => [fingerprintOf(alert.labels), alert]));
    } catch (error) {
      this.logger.warn(`Alertmanager API unavailable, alerts kept as they are: ${(error as Error).message}`);
      return null;
    }
  }

  private async reconcile(
    alert: AlertRecord,
    held: Map<string, AlertmanagerAlertState>,
    now: Date,
  ): Promise<Verdict> {
    const state = held.get(alert.fingerprint);
    if (!state) {
      await this.end(alert, 'alertmanager-api');
      return 'resolved';
    }
    const silence =
      state.silencedBy.length > 0 ? `${ALERTMANAGER_SILENCE}${state.silencedBy.join(',')}` : null;
    await this.store.markHeardFromAlertmanager(alert.id, now, silence);
    return silence ? 'silenced' : 'firing';
  }

  private async end(alert: AlertRecord, resolvedBy: string): Promise<void> {
    await this.pipeline.process({
      labels: alert.labels,
      annotations: alert.annotations,
      status: 'resolved',
      source: 'alertmanager',
      resolvedBy,
    });
    this.logger.log(`Resolved ${alert.name} (${alert.fingerprint}): ${resolvedBy}`);
  }
}
