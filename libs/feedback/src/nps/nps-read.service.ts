import { Injectable } from '@nestjs/common';
import { NpsSummary, summarizeNps } from './nps-math';
import { NpsRepository } from './nps.repository';

/** NPS for other modules (daily report, alert rules): always computed in SQL, never cached. */
@Injectable()
export class NpsReadService {
  constructor(private readonly repository: NpsRepository) {}

  /** NPS of the answers first given in [from, to), of one survey or all. */
  async nps(from: Date, to: Date, surveyId?: string): Promise<NpsSummary> {
    return summarizeNps(await this.repository.counts(from, to, surveyId));
  }
}
