import { Injectable } from '@nestjs/common';
import { Cached } from '@app/cache';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { resolveRange } from '../common/report-range';
import { NpsReportDto, NpsReportQueryDto } from './dto/nps-report.query.dto';
import { summarizeNps } from './nps-math';
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

  @Cached({ ttl: 60, name: 'nps-report' })
  async build(key: NpsReportKey): Promise<NpsReportDto> {
    const range = { from: new Date(key.from), to: new Date(key.to), interval: key.interval };
    const timeZone = this.config.reports.timeZone;
    const surveyId = key.surveyId ?? undefined;
    const [buckets, overall] = await Promise.all([
      this.repository.countsByInterval(range, timeZone, surveyId),
      this.repository.counts(range.from, range.to, surveyId),
    ]);
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
