import { Injectable } from '@nestjs/common';
import { Cached } from '@app/cache';
import { ActivityReportRepository } from './activity-report.repository';
import { ActivationReport, ActiveUsersReport, FunnelReport } from './report.types';

/** Closed ranges never change, but a late event (up to 30 days old) may still land: keep it short. */
const CACHE_TTL_SECONDS = 300;

/**
 * The same reports as ActivityReportRepository, cached in Redis. Only ranges that end before the
 * current UTC day come here (their figures no longer change); ActivityReadService decides.
 */
@Injectable()
export class CachedActivityReports {
  constructor(private readonly reports: ActivityReportRepository) {}

  @Cached({ ttl: CACHE_TTL_SECONDS, name: 'activity.funnel' })
  funnel(steps: string[], from: string, to: string, windowSeconds: number): Promise<FunnelReport> {
    return this.reports.funnel(steps, from, to, windowSeconds);
  }

  @Cached({ ttl: CACHE_TTL_SECONDS, name: 'activity.activation' })
  activation(
    from: string,
    to: string,
    interval: 'hour' | 'day',
    windowHours: number,
  ): Promise<ActivationReport> {
    return this.reports.activation(from, to, interval, windowHours);
  }

  @Cached({ ttl: CACHE_TTL_SECONDS, name: 'activity.active-users' })
  activeUsers(fromDay: string, toDay: string): Promise<ActiveUsersReport> {
    return this.reports.activeUsers(fromDay, toDay);
  }
}
