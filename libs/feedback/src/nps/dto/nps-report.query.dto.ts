import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { ReportInterval } from '../../common/report-range';
import { ReportRangeQueryDto } from '../../common/report-range.query.dto';
import { NPS_CATEGORIES, NpsCategory, NpsSummary } from '../nps-math';
import { IsStorableText, Optional } from '@app/validation';

export class NpsReportQueryDto extends ReportRangeQueryDto {
  @Optional()
  @IsString()
  @Length(1, 100)
  @IsStorableText()
  surveyId?: string;
}

export interface NpsReportDto {
  from: string;
  to: string;
  interval: ReportInterval;
  timeZone: string;
  surveyId: string | null;
  intervals: Array<NpsSummary & { start: string }>;
  overall: NpsSummary;
}

/** The 0–10 distribution and the latest reasons (verbatims), optionally of one category. */
export class NpsResponsesQueryDto extends NpsReportQueryDto {
  @Optional()
  @IsIn(NPS_CATEGORIES)
  category?: NpsCategory;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export interface NpsResponsesDto {
  from: string;
  to: string;
  surveyId: string | null;
  category: NpsCategory | null;
  distribution: Array<{ score: number; count: number }>;
  items: Array<{
    userId: string;
    surveyId: string;
    score: number;
    category: NpsCategory;
    reason: string;
    createdAt: string;
  }>;
}
