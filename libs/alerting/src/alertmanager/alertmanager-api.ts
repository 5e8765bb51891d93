import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';

/** One alert as Alertmanager holds it now (`GET /api/v2/alerts`): resolved alerts are not listed. */
export interface AlertmanagerAlertState {
  labels: Record<string, string>;
  /** `suppressed` when a silence or an inhibition mutes it. */
  state: 'active' | 'suppressed' | 'unprocessed';
  silencedBy: string[];
  inhibitedBy: string[];
}

/** Alertmanager's API, behind an adapter (replaceable in unit tests). */
export abstract class AlertmanagerApi {
  /** Whether ALERTMANAGER_URL is set; without it Pulse cannot ask, and stale alerts expire. */
  abstract get configured(): boolean;
  /** Every alert Alertmanager holds that has not resolved. Throws when Alertmanager cannot answer. */
  abstract activeAlerts(): Promise<AlertmanagerAlertState[]>;
}

interface ApiAlert {
  labels?: Record<string, string>;
  status?: { state?: string; silencedBy?: string[]; inhibitedBy?: string[] };
}

@Injectable()
export class HttpAlertmanagerApi extends AlertmanagerApi {
  constructor(private readonly config: AppConfig) {
    super();
  }

  get configured(): boolean {
    return this.config.alerting.alertmanager.url !== undefined;
  }

  async activeAlerts(): Promise<AlertmanagerAlertState[]> {
    const { url, timeoutMs } = this.config.alerting.alertmanager;
    if (!url) throw new Error('ALERTMANAGER_URL is not set');
    // Silenced, inhibited and not yet processed alerts too: only resolved ones may be missing.
    const query = 'active=true&silenced=true&inhibited=true&unprocessed=true';
    const response = await fetch(`${url.replace(/\/+$/, '')}/api/v2/alerts?${query}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`Alertmanager answered HTTP ${response.status}`);
    const body = await response.json();
    if (!Array.isArray(body)) throw new Error('Alertmanager answered something other than a list');
    return (body as ApiAlert[]).map((alert) => ({
      labels: alert.labels ?? {},
      state: (alert.status?.state ?? 'active') as AlertmanagerAlertState['state'],
      silencedBy: alert.status?.silencedBy ?? [],
      inhibitedBy: alert.status?.inhibitedBy ?? [],
    }));
  }
}
