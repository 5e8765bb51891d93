import { IsOptional, IsString, Length } from 'class-validator';
import { ReportInterval } from '../../common/report-range';
import { ReportRangeQueryDto } from '../../common/report-range.query.dto';
import { IsStorableText } from '../../common/storable-text.validator';
import { NpsSummary } from '../nps-math';

export class NpsReportQueryDto extends ReportRangeQueryDto {
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
