import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActivityReadService } from '@app/activity';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { FeedbackReadService, NpsReadService } from '@app/feedback';
import { IncidentsReadService } from '@app/incidents';
import { HTTP_DURATION_BUCKETS } from '@app/metrics';
import { HttpRollupRepository } from '../http-rollup/http-rollup.repository';
import { histogramQuantile } from '../http-rollup/latency-histogram';
import { ALERT_PRIORITIES } from './figure-definitions';
import { ReportPeriod, localDate } from './report-period';

export type FigureValues = Record<string, number | null>;

const DAY_MS = 86_400_000;
const FUNNEL_WINDOW_SECONDS = 7 * 86_400;

/** Unrounded: the builder rounds values for display after computing changes from exact figures. */
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Reads every figure of one period from the modules' read services (and two tables no module reads
 * for us: `alerts`, when alerting is installed, and this module's HTTP rollup). Active users are the
 * activity module's exact per-day figures for the period's calendar dates.
 */
@Injectable()
export class ReportFiguresCollector {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activity: ActivityReadService,
    private readonly feedback: FeedbackReadService,
    private readonly nps: NpsReadService,
    private readonly incidents: IncidentsReadService,
    private readonly rollup: HttpRollupRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async collect(period: ReportPeriod): Promise<FigureValues> {
    return {
      ...(await this.users(period)),
      ...(await this.feedbackFigures(period)),
      ...(await this.npsFigures(period)),
      ...(await this.incidentFigures(period)),
      ...(await this.alertFigures(period)),
      ...(await this.httpFigures(period)),
    };
  }

  private async users(period: ReportPeriod): Promise<FigureValues> {
    // Days after today have no activity yet: a week in progress averages the days so far.
    const today = localDate(this.clock.now(), period.timeZone);
    const days = period.days.filter((day) => day <= today);
    const points = await Promise.all(
      (days.length ? days : [period.start]).map((day) => this.activity.activeUsers(day)),
    );
    const last = points[points.length - 1];
    const dau = points.reduce((sum, point) => sum + point.dau, 0) / points.length;
    const steps = this.config.activity.funnelSteps;
    const funnel = await this.activity.funnel(steps, period.from, period.to, FUNNEL_WINDOW_SECONDS);
    const first = funnel.steps[0]?.users ?? 0;
    const final = funnel.steps[funnel.steps.length - 1]?.users ?? 0;
    return {
      'users.dau': dau,
      'users.wau': last.wau,
      'users.mau': last.mau,
      'users.stickiness': ratio(dau, last.mau),
      'users.registrations': await this.activity.registrations(period.from, period.to),
      'users.activationRate': await this.activity.activationRate(period.from, period.to),
      'funnel.conversion': ratio(final, first),
    };
  }

  private async feedbackFigures(period: ReportPeriod): Promise<FigureValues> {
    const counts = await this.feedback.countsByTypeAndSentiment(period.from, period.to);
    return {
      'feedback.total': counts.total,
      'feedback.bug': counts.byType.bug,
      'feedback.feature': counts.byType.feature,
      'feedback.improvement': counts.byType.improvement,
      'feedback.other': counts.byType.other,
      'feedback.negative': counts.bySentiment.negative,
      'feedback.neutral': counts.bySentiment.neutral,
      'feedback.positive': counts.bySentiment.positive,
    };
  }

  private async npsFigures(period: ReportPeriod): Promise<FigureValues> {
    const summary = await this.nps.nps(new Date(period.to.getTime() - 30 * DAY_MS), period.to);
    return { 'nps.score30d': summary.nps, 'nps.responses30d': summary.responses };
  }

  private async incidentFigures(period: ReportPeriod): Promise<FigureValues> {
    const report = await this.incidents.report(period.from, period.to);
    return {
      'incidents.opened': report.opened,
      'incidents.resolved': report.resolved,
      'incidents.mttaSeconds': report.mtta.meanSeconds,
      'incidents.mttrSeconds': report.mttr.meanSeconds,
    };
  }

  /**
   * Alerts whose current episode fired in the period, by priority (alerting keeps one row per
   * fingerprint: an earlier episode of a refiring alert is not counted). Null without alerting.
   */
  private async alertFigures(period: ReportPeriod): Promise<FigureValues> {
    const columns: Array<{ column_name: string }> = await this.dataSource.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'alerts' AND column_name IN ('fired_at', 'starts_at')`,
    );
    const keys = [...ALERT_PRIORITIES.map((p) => `alerts.${p}`), 'alerts.total'];
    if (columns.length === 0) return Object.fromEntries(keys.map((key) => [key, null]));
    const at = columns.some((column) => column.column_name === 'fired_at') ? 'fired_at' : 'starts_at';
    const rows: Array<{ priority: string; fired: number }> = await this.dataSource.query(
      `SELECT "priority", count(*)::int AS "fired" FROM "alerts"
        WHERE "${at}" >= $1 AND "${at}" < $2 GROUP BY "priority"`,
      [period.from, period.to],
    );
    const byPriority = new Map(rows.map((row) => [row.priority, row.fired]));
    const values: FigureValues = {};
    for (const priority of ALERT_PRIORITIES) values[`alerts.${priority}`] = byPriority.get(priority) ?? 0;
    values['alerts.total'] = rows.reduce((sum, row) => sum + row.fired, 0);
    return values;
  }

  private async httpFigures(period: ReportPeriod): Promise<FigureValues> {
    const sum = await this.rollup.sum(period.start, period.end, HTTP_DURATION_BUCKETS);
    if (!sum)
      return { 'http.requests': 0, 'http.errors5xx': 0, 'http.errorRate5xx': null, 'http.p95Seconds': null };
    const p95 = histogramQuantile(0.95, sum.latency);
    return {
      'http.requests': sum.requests,
      'http.errors5xx': sum.errors5xx,
      'http.errorRate5xx': ratio(sum.errors5xx, sum.requests),
      'http.p95Seconds': p95,
    };
  }
}
