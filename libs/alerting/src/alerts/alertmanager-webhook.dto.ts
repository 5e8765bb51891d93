import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsLabelMap } from './label-map.validator';
import { Optional } from '@app/validation';

/** One alert of an Alertmanager webhook (payload version 4). */
export class AlertmanagerAlertDto {
  @IsIn(['firing', 'resolved'])
  status: 'firing' | 'resolved';

  @IsLabelMap('labels')
  labels: Record<string, string>;

  @Optional()
  @IsLabelMap('annotations')
  annotations?: Record<string, string>;

  @Optional()
  @IsISO8601()
  startsAt?: string;

  /** `0001-01-01T00:00:00Z` while firing. */
  @Optional()
  @IsISO8601()
  endsAt?: string;

  @Optional()
  @IsString()
  @MaxLength(2048)
  generatorURL?: string;

  @Optional()
  @IsString()
  @MaxLength(64)
  fingerprint?: string;
}

/** The Alertmanager webhook body, version 4. */
export class AlertmanagerWebhookDto {
  @IsIn(['4'], { message: 'version must be "4" (Alertmanager webhook payload version)' })
  version: string;

  @Optional()
  @IsString()
  @MaxLength(2048)
  groupKey?: string;

  @Optional()
  @IsInt()
  @Min(0)
  truncatedAlerts?: number;

  @IsIn(['firing', 'resolved'])
  status: 'firing' | 'resolved';

  @Optional()
  @IsString()
  @MaxLength(500)
  receiver?: string;

  @Optional()
  @IsLabelMap('labels')
  groupLabels?: Record<string, string>;

  @Optional()
  @IsLabelMap('labels')
  commonLabels?: Record<string, string>;

  @Optional()
  @IsLabelMap('annotations')
  commonAnnotations?: Record<string, string>;

  @Optional()
  @IsString()
  @MaxLength(2048)
  externalURL?: string;

  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AlertmanagerAlertDto)
  alerts: AlertmanagerAlertDto[];
}
