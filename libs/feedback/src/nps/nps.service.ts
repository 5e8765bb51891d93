import { Injectable } from '@nestjs/common';
import { NpsLinkSigner } from '@app/auth';
import { Clock } from '@app/clock';
import { Counter, InjectMetric } from '@app/metrics';
import { AnswerNpsDto, NpsAnswerDto } from './dto/answer-nps.dto';
import { NPS_CATEGORIES, categoryOf } from './nps-math';
import { NpsRepository } from './nps.repository';

export const DEFAULT_SURVEY_ID = 'default';

/**
 * Records NPS answers, one per user and survey. `nps_responses_total{category}` counts respondents:
 * it moves on a first answer only, in the category of that first answer; a changed answer replaces
 * the stored score (reports follow it) but is not counted again.
 */
@Injectable()
export class NpsService {
  constructor(
    private readonly repository: NpsRepository,
    private readonly signer: NpsLinkSigner,
    private readonly clock: Clock,
    @InjectMetric('nps_responses_total') private readonly responses: Counter<string>,
  ) {
    // At 0 from the start, so the first answers are an increase Prometheus can see.
    for (const category of NPS_CATEGORIES) responses.inc({ category }, 0);
  }

  answer(dto: AnswerNpsDto): Promise<NpsAnswerDto> {
    return this.record(dto.userId, dto.surveyId ?? DEFAULT_SURVEY_ID, dto.score, dto.reason || null);
  }

  /** One-click e-mail link: user and survey come from the signed token (400 when bad or expired). */
  answerFromLink(token: string, score: number): Promise<NpsAnswerDto> {
    const { userId, surveyId } = this.signer.verify(token);
    return this.record(userId, surveyId, score, null);
  }

  private async record(
    userId: string,
    surveyId: string,
    score: number,
    reason: string | null,
  ): Promise<NpsAnswerDto> {
    const category = categoryOf(score);
    const { first } = await this.repository.upsert({ userId, surveyId, score, reason, at: this.clock.now() });
    if (first) this.responses.inc({ category });
    return { userId, surveyId, score, category, replaced: !first };
  }
}
