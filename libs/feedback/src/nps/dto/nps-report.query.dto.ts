import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { REPORT_INTERVALS, ReportInterval } from '../../common/report-range';
import { IsStorableText } from '../../common/storable-text.validator';
import { NpsSummary } from '../nps-math';

export class NpsReportQueryDto {
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @IsIn(REPORT_INTERVALS)
  interval?: ReportInterval;

  @IsOptional()
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
