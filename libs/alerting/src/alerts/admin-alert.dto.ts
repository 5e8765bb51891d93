import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ALERT_PRIORITIES } from '@app/config';
import { IsLabelMap } from './label-map.validator';

/** Raise (or resolve) an alert by hand: tests and drills. `labels.alertname` names it. */
export class RaiseAlertDto {
  @IsLabelMap('labels')
  labels: Record<string, string>;

  @IsOptional()
  @IsLabelMap('annotations')
  annotations?: Record<string, string>;

  @IsOptional()
  @IsIn(['firing', 'resolved'])
  status?: 'firing' | 'resolved';
}

export class ListAlertsQueryDto {
  @IsOptional()
  @IsIn(['firing', 'acknowledged', 'resolved'])
  status?: 'firing' | 'acknowledged' | 'resolved';

  @IsOptional()
  @IsIn(ALERT_PRIORITIES)
  priority?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{16}$/, { message: 'fingerprint must be 16 hex digits' })
  fingerprint?: string;

  /** `name=value`: alerts carrying this label. */
  @IsOptional()
  @Matches(/^[a-zA-Z_][a-zA-Z0-9_]*=.{0,500}$/, { message: 'label must be name=value' })
  label?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  offset?: number;
}
