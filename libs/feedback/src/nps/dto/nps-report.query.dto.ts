import { IsString, Length } from 'class-validator';
import { ReportInterval } from '../../common/report-range';
import { ReportRangeQueryDto } from '../../common/report-range.query.dto';
import { NpsSummary } from '../nps-math';
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
