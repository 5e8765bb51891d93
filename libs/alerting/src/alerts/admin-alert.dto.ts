import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ALERT_PRIORITIES } from '@app/config';
import { IsLabelMap } from './label-map.validator';
import { Optional } from '@app/validation';

/** Raise (or resolve) an alert by hand: tests and drills. `labels.alertname` names it. */
export class RaiseAlertDto {
  @IsLabelMap('labels')
  labels: Record<string, string>;

  @Optional()
  @IsLabelMap('annotations')
  annotations?: Record<string, string>;

  @Optional()
  @IsIn(['firing', 'resolved'])
  status?: 'firing' | 'resolved';
}

export class ListAlertsQueryDto {
  @Optional()
  @IsIn(['firing', 'acknowledged', 'resolved'])
  status?: 'firing' | 'acknowledged' | 'resolved';

  @Optional()
  @IsIn(ALERT_PRIORITIES)
  priority?: string;

  @Optional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @Optional()
  @Matches(/^[0-9a-f]{16}$/, { message: 'fingerprint must be 16 hex digits' })
  fingerprint?: string;

  /** `name=value`: alerts carrying this label. */
  @Optional()
  @Matches(/^[a-zA-Z_][a-zA-Z0-9_]*=.{0,500}$/, { message: 'label must be name=value' })
  label?: string;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  offset?: number;
}
