import { Injectable } from '@nestjs/common';
import { Cached } from '@app/cache';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { resolveRange } from '../common/report-range';
import {
  NpsReportDto,
  NpsReportQueryDto,
  NpsResponsesDto,
  NpsResponsesQueryDto,
} from './dto/nps-report.query.dto';
import { NpsCategory, categoryOf, summarizeNps } from './nps-math';

const SCORES: Record<NpsCategory, { min: number; max: number }> = {
  promoter: { min: 9, max: 10 },
  passive: { min: 7, max: 8 },
  detractor: { min: 0, max: 6 },
};
import { NpsRepository } from './nps.repository';

interface NpsReportKey {
  from: string;
  to: string;
  interval: NpsReportDto['interval'];
  surveyId: string | null;
}

/** The admin NPS report: SQL aggregates per interval and overall, cached for a minute. */
@Injectable()
export class NpsReportService {
  constructor(
    private readonly repository: NpsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Resolves defaults first so that the cache key is the concrete range. */
  report(query: NpsReportQueryDto): Promise<NpsReportDto> {
    const range = resolveRange(query, this.clock.now(), { days: 90, interval: 'week' });
    return this.build({
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      interval: range.interval,
      surveyId: query.surveyId ?? null,
    });
  }

  /** Not cached: people read it to see the answers that just came in. */
  async responses(query: NpsResponsesQueryDto): Promise<NpsResponsesDto> {
    const range = resolveRange(query, this.clock.now(), { days: 90, interval: 'week' });
    const category = query.category ?? null;
    const [distribution, latest] = await Promise.all([
      this.repository.distribution(range.from, range.to, query.surveyId),
      this.repository.latestReasons(
        range.from,
        range.to,
        category ? SCORES[category] : { min: 0, max: 10 },
        query.limit ?? 20,
        query.surveyId,
      ),
    ]);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      surveyId: query.surveyId ?? null,
      category,
      distribution,
      items: latest.map((row) => ({
        ...row,
        category: categoryOf(row.score),
        createdAt: new Date(row.createdAt).toISOString(),
      })),
    };
  }

  @Cached({ ttl: 60, name: 'nps-report' })
  async build(key: NpsReportKey): Promise<NpsReportDto> {
    const range = { from: new Date(key.from), to: new Date(key.to), interval: key.interval };
    const timeZone = this.config.reports.timeZone;
    const surveyId = key.surveyId ?? undefined;
    const buckets = await this.repository.countsByInterval(range, timeZone, surveyId);
    // The intervals partition [from, to): the overall figures are their sums, no second scan needed.
    const overall = { responses: 0, promoters: 0, passives: 0, detractors: 0 };
    for (const bucket of buckets) {
      overall.responses += bucket.responses;
      overall.promoters += bucket.promoters;
      overall.passives += bucket.passives;
      overall.detractors += bucket.detractors;
    }
    return {
      ...key,
      timeZone,
      intervals: buckets.map(({ start, ...counts }) => ({
        start: new Date(start).toISOString(),
        ...summarizeNps(counts),
      })),
      overall: summarizeNps(overall),
    };
  }
}
