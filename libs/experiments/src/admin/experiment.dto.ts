import { applyDecorators } from '@nestjs/common';
import { CORRECTIONS, Correction } from '../stats/multiple-comparisons';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '@app/validation';

export const EXPERIMENT_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const EVENT_NAME = /^[a-z0-9_.:-]{1,64}$/;
export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];
export const ANALYSES = ['sequential', 'fixed'] as const;
export type Analysis = (typeof ANALYSES)[number];

const KeyRule = (field: string) =>
  Matches(EXPERIMENT_KEY, { message: `${field} must match [a-z0-9][a-z0-9_-]{0,63}` });
const DescriptionRules = () => applyDecorators(IsString(), MaxLength(2000));
const VariantsRules = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(2, { message: 'variants must have 2 to 8 items' }),
    ArrayMaxSize(8, { message: 'variants must have 2 to 8 items' }),
    ArrayUnique((variant: VariantDto) => variant?.key, { message: 'variants must have unique keys' }),
    ValidateNested({ each: true }),
    Type(() => VariantDto),
  );
const CoverageRules = () =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0, { message: 'coverage must be between 0 and 1' }),
    Max(1, { message: 'coverage must be between 0 and 1' }),
  );
const PrimaryEventRules = () =>
  applyDecorators(IsString(), Matches(EVENT_NAME, { message: 'primaryEvent must match [a-z0-9_.:-]{1,64}' }));
const GuardrailRules = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(10),
    ArrayUnique(),
    IsString({ each: true }),
    Matches(EVENT_NAME, { each: true, message: 'guardrailEvents must each match [a-z0-9_.:-]{1,64}' }),
  );

const AnalysisRules = () => IsIn(ANALYSES, { message: `analysis must be one of ${ANALYSES.join(', ')}` });
const TuningRules = () =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(1, { message: 'sequentialTuning must be between 1 and 1000000000' }),
    Max(1e9, { message: 'sequentialTuning must be between 1 and 1000000000' }),
  );
const CorrectionRules = () =>
  IsIn(CORRECTIONS, { message: `correction must be one of ${CORRECTIONS.join(', ')}` });
const CupedWindowRules = () =>
  applyDecorators(
    IsInt({ message: 'cupedWindowDays must be an integer between 0 and 90' }),
    Min(0, { message: 'cupedWindowDays must be an integer between 0 and 90' }),
    Max(90, { message: 'cupedWindowDays must be an integer between 0 and 90' }),
  );
const TargetMdeRules = () =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0.001, { message: 'targetMde must be between 0.001 and 10 (a relative lift: 0.05 = 5%)' }),
    Max(10, { message: 'targetMde must be between 0.001 and 10 (a relative lift: 0.05 = 5%)' }),
  );

/** How results are analysed (docs/EXPERIMENTS.md); every field optional, with the defaults below. */
class AnalysisSettingsDto {
  /** `sequential` (default): always-valid p-values and confidence sequences, safe to read daily. */
  @Optional()
  @AnalysisRules()
  analysis?: Analysis;

  /** Tuning parameter N of the confidence sequence (tightest near N users in total); default 5000. */
  @Optional()
  @TuningRules()
  sequentialTuning?: number;

  /** Multiple-comparison correction over treatments × (primary + guardrails); default holm. */
  @Optional()
  @CorrectionRules()
  correction?: Correction;

  /** CUPED covariate: the primary event's count in this many days before exposure; 0 = off; default 14. */
  @Optional()
  @CupedWindowRules()
  cupedWindowDays?: number;

  /** Relative lift the power figures plan for (0.05 = 5%); default 0.05. */
  @Optional()
  @TargetMdeRules()
  targetMde?: number;
}

export class VariantDto {
  @IsString()
  @KeyRule('key')
  key!: string;

  /** Relative weight; any positive number (10/30/60 and 0.1/0.3/0.6 are the same split). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1_000_000)
  weight!: number;
}

export class CreateExperimentDto extends AnalysisSettingsDto {
  @IsString()
  @KeyRule('key')
  key!: string;

  @Optional()
  @DescriptionRules()
  description?: string;

  @VariantsRules()
  variants!: VariantDto[];

  /** Share of users who enter the experiment at all; default 1. */
  @Optional()
  @CoverageRules()
  coverage?: number;

  /** The conversion event (an activity event name). */
  @PrimaryEventRules()
  primaryEvent!: string;

  @Optional()
  @GuardrailRules()
  guardrailEvents?: string[];
}

/** What an edit may change; the service refuses variants and primaryEvent once the experiment started. */
export class UpdateExperimentDto extends AnalysisSettingsDto {
  @Optional()
  @DescriptionRules()
  description?: string;

  @Optional()
  @VariantsRules()
  variants?: VariantDto[];

  @Optional()
  @CoverageRules()
  coverage?: number;

  @Optional()
  @PrimaryEventRules()
  primaryEvent?: string;

  @Optional()
  @GuardrailRules()
  guardrailEvents?: string[];
}

export class ExperimentKeyParams {
  @KeyRule('key')
  key!: string;
}

export interface Variant {
  key: string;
  weight: number;
}

export interface ExperimentView {
  key: string;
  description: string;
  variants: Variant[];
  coverage: number;
  primaryEvent: string;
  guardrailEvents: string[];
  analysis: Analysis;
  sequentialTuning: number;
  correction: Correction;
  cupedWindowDays: number;
  targetMde: number;
  status: ExperimentStatus;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
}
