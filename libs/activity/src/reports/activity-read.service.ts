import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { utcDay } from '../realtime/utc-day';
import { ActivityReportRepository } from './activity-report.repository';
import { CachedActivityReports } from './cached-activity-reports';
import { includesToday, parseSteps, parseWindow, resolveRange } from './report-range';
import { ActivationReport, ActiveUsersPoint, ActiveUsersReport, FunnelReport } from './report.types';

export interface FunnelQuery {
  steps?: string;
  from?: string;
  to?: string;
  window?: string;
}

export interface RangeQuery {
  from?: string;
  to?: string;
}

const MAX_FUNNEL_DAYS = 92;
const MAX_SERIES_DAYS = 366;
const MAX_HOURLY_DAYS = 31;

/**
 * Exact activity figures for admins and for other modules (alert rules, daily report). Closed ranges
 * (ending before the current UTC day) are served through the cache; ranges reaching today are computed.
 */
@Injectable()
export class ActivityReadService {
  constructor(
    private readonly reports: ActivityReportRepository,
    private readonly cached: CachedActivityReports,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Event names to pick funnel steps from: the configured funnel first, then every name seen. */
  async eventNames(): Promise<{ items: string[] }> {
    const seen = await this.reports.eventNames(500);
    return { items: [...new Set([...this.config.activity.funnelSteps, ...seen])] };
  }

  /** Ordered funnel; `steps` is a comma list (default: the configured funnel), window like `7d`. */
  funnelReport(query: FunnelQuery): Promise<FunnelReport> {
    const steps = parseSteps(query.steps, this.config.activity.funnelSteps);
    const windowSeconds = parseWindow(query.window);
    const range = resolveRange(query, this.clock.now(), 30, MAX_FUNNEL_DAYS);
    return this.funnel(steps, range.from, range.to, windowSeconds);
  }

  funnel(steps: string[], from: Date, to: Date, windowSeconds: number): Promise<FunnelReport> {
    const source = this.sourceFor({ from, to });
    return source.funnel(steps, from.toISOString(), to.toISOString(), windowSeconds);
  }

  activationReport(query: RangeQuery & { interval?: 'hour' | 'day' }): Promise<ActivationReport> {
    const interval = query.interval ?? 'day';
    const maxDays = interval === 'hour' ? MAX_HOURLY_DAYS : MAX_SERIES_DAYS;
    const range = resolveRange(query, this.clock.now(), interval === 'hour' ? 1 : 30, maxDays);
    return this.activation(range.from, range.to, interval);
  }

  activation(from: Date, to: Date, interval: 'hour' | 'day' = 'day'): Promise<ActivationReport> {
    const windowHours = this.config.activity.activationWindowHours;
    return this.sourceFor({ from, to }).activation(
      from.toISOString(),
      to.toISOString(),
      interval,
      windowHours,
    );
  }

  /** Share of users registering in [from, to) who activated within the configured time (null: none). */
  async activationRate(from: Date, to: Date): Promise<number | null> {
    return (await this.activation(from, to, 'day')).rate;
  }

  /** DAU/WAU/MAU for every UTC day whose start lies in [from, to). */
  activeUsersReport(query: RangeQuery): Promise<ActiveUsersReport> {
    const range = resolveRange(query, this.clock.now(), 30, MAX_SERIES_DAYS);
    const fromDay = utcDay(new Date(Math.ceil(range.from.getTime() / 86_400_000) * 86_400_000));
    const toDay = utcDay(new Date(range.to.getTime() - 1));
    if (fromDay > toDay) return Promise.resolve({ from: fromDay, to: toDay, days: [] });
    return this.sourceFor(range).activeUsers(fromDay, toDay);
  }

  /** Exact DAU/WAU/MAU of one UTC day (`2026-11-22` or any instant in it). */
  activeUsers(day: string | Date): Promise<ActiveUsersPoint> {
    return this.reports.activeUsersOn(typeof day === 'string' ? day.slice(0, 10) : utcDay(day));
  }

  /** Distinct users who registered in [from, to). */
  registrations(from: Date, to: Date): Promise<number> {
    return this.reports.registrations(from.toISOString(), to.toISOString());
  }

  private sourceFor(range: { from: Date; to: Date }): ActivityReportRepository | CachedActivityReports {
    return includesToday(range, this.clock.now()) ? this.reports : this.cached;
  }
}
