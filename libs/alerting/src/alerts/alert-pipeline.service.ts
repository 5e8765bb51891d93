import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { IncidentGateway } from '@app/incidents';
import { priorityOf } from '../domain/alert-priority';
import { fingerprintOf } from '../domain/fingerprint';
import { InhibitRule, compileInhibitRules, findInhibitor, mayBeInhibited } from '../domain/inhibition';
import { NoticeKind, summaryOf } from '../notify/alert-messages';
import { AlertNotifier } from '../notify/alert-notifier.service';
import { SilencesService } from '../silences/silences.service';
import { AlertInput, AlertRecord } from './alert.record';
import { AlertStore } from './alert.store';
import { AlertsGauge } from './alerts-gauge.service';

/** What happened to one alert, returned to callers (and handy in tests). */
export interface ProcessOutcome {
  id: string;
  fingerprint: string;
  status: AlertRecord['status'];
  notified: NoticeKind | null;
  suppressedBy: string | null;
}

/**
 * The single path every alert takes (Alertmanager, business rules, by hand): record state under a row
 * lock, decide silence / inhibition / flapping / dedup, enqueue notifications in the same transaction,
 * then link P0s to incidents.
 */
@Injectable()
export class AlertPipeline {
  private readonly logger = new Logger(AlertPipeline.name);
  private readonly inhibitRules: InhibitRule[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: AlertStore,
    private readonly silences: SilencesService,
    private readonly notifier: AlertNotifier,
    private readonly incidents: IncidentGateway,
    private readonly gauge: AlertsGauge,
  ) {
    this.inhibitRules = compileInhibitRules(config.alerting.inhibitRules);
  }

  async processMany(inputs: AlertInput[]): Promise<ProcessOutcome[]> {
    const outcomes: ProcessOutcome[] = [];
    for (const input of inputs) outcomes.push(await this.process(input, false));
    await this.gauge.refresh();
    return outcomes;
  }

  async process(input: AlertInput, refreshGauge = true): Promise<ProcessOutcome> {
    const labels = { ...input.labels };
    const fingerprint = fingerprintOf(labels);
    const now = this.clock.now();
    const { alert, notified, openIncident } = await this.dataSource.transaction(async (manager) => {
      let alert = await this.store.lockByFingerprint(manager, fingerprint);
      if (!alert) {
        const meta = { fingerprint, name: labels.alertname ?? 'unnamed', priority: priorityOf(labels) };
        const inserted = await this.store.insert(manager, { ...input, labels, ...meta }, now);
        if (inserted) return this.decide(manager, inserted, input, now, inserted.status === 'firing');
        // Another replica inserted it first: its transaction has committed, lock that row instead.
        alert = await this.store.lockByFingerprint(manager, fingerprint);
        if (!alert) throw new Error(`alert ${fingerprint} vanished`);
      }
      return this.apply(manager, alert, input, now);
    });
    if (openIncident) await this.linkIncident(alert);
    if (refreshGauge) await this.gauge.refresh();
    return { id: alert.id, fingerprint, status: alert.status, notified, suppressedBy: alert.suppressedBy };
  }

  /**
   * Announces firing alerts that could not be announced when they arrived (silence or inhibition since
   * ended, re-fire inside the dedup window) without waiting for the source to send them again.
   */
  async announcePending(): Promise<number> {
    const now = this.clock.now();
    let announced = 0;
    for (const fingerprint of await this.store.pendingFirstNotices(now, this.config.alerting.dedupWindowMs)) {
      const { alert, notified, openIncident } = await this.dataSource.transaction(async (manager) => {
        const alert = await this.store.lockByFingerprint(manager, fingerprint);
        if (!alert || alert.status !== 'firing' || alert.episodeNotified) {
          return { alert, notified: null, openIncident: false };
        }
        const input = {
          labels: alert.labels,
          annotations: alert.annotations,
          status: 'firing',
          source: alert.source,
        } as const;
        return this.decide(manager, alert, input, now, false);
      });
      if (alert && openIncident) await this.linkIncident(alert);
      if (notified) announced++;
    }
    for (const fingerprint of await this.store.pendingResolveNotices()) {
      if (await this.announceCalmResolve(fingerprint, now)) announced++;
    }
    if (announced > 0) await this.gauge.refresh();
    return announced;
  }

  /** A flapping alert's resolve was muted; once it has stopped flapping, announce that it is resolved. */
  private async announceCalmResolve(fingerprint: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const alert = await this.store.lockByFingerprint(manager, fingerprint);
      if (!alert || alert.status !== 'resolved') return false;
      if (this.recentChanges(alert, now, false).length > this.config.alerting.flapThreshold) return false;
      await this.store.update(manager, alert.id, { flapping: false, flapNotified: false });
      if (!(await this.store.claimResolveNotice(manager, alert.id, now))) return false;
      await this.notifier.notify(manager, { ...alert, flapping: false }, 'resolved', now);
      return true;
    });
  }

  /** Applies the input to an existing alert, then decides what to announce. */
  private async apply(manager: EntityManager, alert: AlertRecord, input: AlertInput, now: Date) {
    const changes: Partial<AlertRecord> = {
      annotations: input.annotations,
      lastReceivedAt: now,
      updatedAt: now,
    };
    let newEpisode = false;
    if (input.status === 'firing' && alert.status === 'resolved') {
      newEpisode = true;
      Object.assign(changes, {
        status: 'firing',
        episode: alert.episode + 1,
        startsAt: input.startsAt ?? now,
        endsAt: null,
        firedAt: now,
        // While it flaps, the one flapping notice stands for every episode (and its resolve is owed).
        episodeNotified: alert.flapping && alert.flapNotified,
        resolveNotified: false,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        escalationLevel: 0,
        escalatedAt: null,
        stateChanges: this.recentChanges(alert, now, true),
      } satisfies Partial<AlertRecord>);
    } else if (input.status === 'resolved' && alert.status !== 'resolved') {
      Object.assign(changes, {
        status: 'resolved',
        endsAt: input.endsAt ?? now,
        resolvedAt: now,
        resolvedBy: input.resolvedBy ?? input.source,
        stateChanges: this.recentChanges(alert, now, true),
      } satisfies Partial<AlertRecord>);
    }
    await this.store.update(manager, alert.id, changes);
    return this.decide(manager, { ...alert, ...changes }, input, now, newEpisode);
  }

  private async decide(
    manager: EntityManager,
    alert: AlertRecord,
    input: AlertInput,
    now: Date,
    newEpisode: boolean,
  ) {
    const flapping = this.recentChanges(alert, now, false).length > this.config.alerting.flapThreshold;
    let notified: NoticeKind | null = null;
    if (flapping !== alert.flapping) {
      await this.store.update(manager, alert.id, { flapping, flapNotified: flapping && alert.flapNotified });
      alert = { ...alert, flapping, flapNotified: flapping && alert.flapNotified };
    }
    if (alert.status === 'resolved') {
      await this.silences.expireOnResolve(manager, alert.labels, now);
      if (
        input.status === 'resolved' &&
        !alert.flapping &&
        (await this.store.claimResolveNotice(manager, alert.id, now))
      ) {
        await this.notifier.notify(manager, alert, 'resolved', now);
        notified = 'resolved';
      }
      return { alert, notified, openIncident: false };
    }
    const suppressedBy = await this.suppression(manager, alert, now);
    if (suppressedBy !== alert.suppressedBy) {
      await this.store.update(manager, alert.id, { suppressedBy });
      alert = { ...alert, suppressedBy };
    }
    if (suppressedBy) return { alert, notified, openIncident: false };
    if (alert.flapping) {
      if (!alert.flapNotified) {
        await this.store.update(manager, alert.id, {
          flapNotified: true,
          lastNotifiedAt: now,
          episodeNotified: true,
        });
        await this.notifier.notify(manager, alert, 'flapping', now);
        notified = 'flapping';
      }
      return { alert, notified, openIncident: false };
    }
    if (alert.status === 'firing') {
      const kind: NoticeKind = alert.episodeNotified ? 'reminder' : 'firing';
      const { dedupWindowMs, repeatIntervalMs } = this.config.alerting;
      if (await this.store.claimFiringNotice(manager, alert.id, now, dedupWindowMs, repeatIntervalMs)) {
        alert = { ...alert, lastNotifiedAt: now, episodeNotified: true };
        await this.notifier.notify(manager, alert, kind, now);
        notified = kind;
      }
    }
    // P0: one incident per firing episode (the gateway adds to an open incident of the same fingerprint).
    return {
      alert,
      notified,
      openIncident: alert.priority === 'P0' && (newEpisode || notified === 'firing'),
    };
  }

  /** 'silence:<id>' or 'inhibited-by:<fingerprint>' when the alert must not be announced now. */
  private async suppression(manager: EntityManager, alert: AlertRecord, now: Date): Promise<string | null> {
    const silence = await this.silences.silencing(manager, alert.labels, now);
    if (silence) return `silence:${silence.id}`;
    for (const rule of this.inhibitRules) {
      if (!mayBeInhibited([rule], alert.labels)) continue;
      // A source must carry the same values for the `equal` labels the target has: let the index narrow it.
      const containing = Object.fromEntries(
        rule.equal
          .filter((name) => alert.labels[name] !== undefined)
          .map((name) => [name, alert.labels[name]]),
      );
      const candidates = await this.store.activeLabelSets(manager, containing);
      const inhibitor = findInhibitor([rule], alert, candidates);
      if (inhibitor) return `inhibited-by:${inhibitor}`;
    }
    return null;
  }

  /** State-change times inside the flapping window, optionally with a change now. */
  private recentChanges(alert: AlertRecord, now: Date, withNow: boolean): Date[] {
    const from = now.getTime() - this.config.alerting.flapWindowMs;
    const kept = alert.stateChanges.filter((at) => at.getTime() > from);
    return withNow ? [...kept, now] : kept;
  }

  /** P0: opens an incident (the gateway appends to the open one if the fingerprint has one). */
  private async linkIncident(alert: AlertRecord): Promise<void> {
    try {
      const { incidentId } = await this.incidents.openFromAlert({
        fingerprint: alert.fingerprint,
        name: alert.name,
        priority: alert.priority,
        summary: summaryOf(alert),
        description: alert.annotations.description,
        labels: alert.labels,
        startsAt: alert.startsAt,
      });
      await this.store.update(this.dataSource.manager, alert.id, { incidentId });
      alert.incidentId = incidentId;
    } catch (error) {
      // The alert is recorded and notified; a missing incident link must not fail the webhook.
      this.logger.error(`Could not open an incident for ${alert.fingerprint}: ${(error as Error).message}`);
    }
  }

  /** Acknowledge: stops the escalation chain and tells PagerDuty. */
  async acknowledge(id: string, by: string): Promise<AlertRecord> {
    const now = this.clock.now();
    const alert = await this.dataSource.transaction(async (manager) => {
      const alert = await this.requireLocked(manager, id);
      if (alert.status !== 'firing') return alert;
      const changes = {
        status: 'acknowledged',
        acknowledgedAt: now,
        acknowledgedBy: by,
        updatedAt: now,
      } as const;
      await this.store.update(manager, id, changes);
      const updated = { ...alert, ...changes };
      if (alert.episodeNotified) await this.notifier.notify(manager, updated, 'acknowledged', now);
      return updated;
    });
    await this.note(alert, `Alert ${alert.name} acknowledged by ${by}`, now);
    await this.gauge.refresh();
    return alert;
  }

  /** Resolve by hand: records who, announces the resolve once. */
  async resolve(id: string, by: string): Promise<AlertRecord> {
    const now = this.clock.now();
    const alert = await this.dataSource.transaction(async (manager) => {
      const alert = await this.requireLocked(manager, id);
      if (alert.status === 'resolved') return alert;
      const changes: Partial<AlertRecord> = {
        status: 'resolved',
        endsAt: now,
        resolvedAt: now,
        resolvedBy: by,
        updatedAt: now,
        stateChanges: this.recentChanges(alert, now, true),
      };
      await this.store.update(manager, id, changes);
      const updated = { ...alert, ...changes };
      await this.silences.expireOnResolve(manager, alert.labels, now);
      if (await this.store.claimResolveNotice(manager, id, now))
        await this.notifier.notify(manager, updated, 'resolved', now);
      return updated;
    });
    await this.note(alert, `Alert ${alert.name} resolved by ${by}`, now);
    await this.gauge.refresh();
    return alert;
  }

  private async note(alert: AlertRecord, message: string, at: Date): Promise<void> {
    if (!alert.incidentId) return;
    await this.incidents
      .appendToTimeline(alert.incidentId, { author: 'alerting', message, at })
      .catch((error: Error) =>
        this.logger.warn(`Timeline note for ${alert.incidentId} failed: ${error.message}`),
      );
  }

  private async requireLocked(manager: EntityManager, id: string): Promise<AlertRecord> {
    const alert = await this.store.lockById(manager, id);
    if (!alert) throw new NotFoundException(`alert ${id} not found`);
    return alert;
  }
}
