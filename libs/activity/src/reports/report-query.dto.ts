import { IsIn, IsISO8601, IsString, Matches } from 'class-validator';
import { Optional } from '@app/validation';

export class RangeQueryDto {
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date' })
  from?: string;

  @Optional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date' })
  to?: string;
}

export class FunnelQueryDto extends RangeQueryDto {
  @Optional()
  @IsString()
  @Matches(/^[a-z0-9_.:,-]{1,700}$/, { message: 'steps must be a comma list of event names' })
  steps?: string;

  @Optional()
  @Matches(/^\d{1,5}[mhd]$/, { message: 'window must be a duration such as 30m, 12h or 7d' })
  window?: string;
}

export class ActivationQueryDto extends RangeQueryDto {
  @Optional()
  @IsIn(['hour', 'day'], { message: 'interval must be one of hour, day' })
  interval?: 'hour' | 'day';
}
