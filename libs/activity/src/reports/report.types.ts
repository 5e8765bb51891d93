/** Report shapes: plain JSON (ISO strings, numbers) so that cached copies equal fresh ones. */
export interface FunnelStepResult {
  step: string;
  users: number;
  /** users / users of the previous step (1 for the first step, 0 when the previous step had none). */
  conversionFromPrevious: number;
  conversionFromFirst: number;
  /** Median seconds between the previous step and this one; null for the first step or no users. */
  medianSecondsFromPrevious: number | null;
}

export interface FunnelReport {
  from: string;
  to: string;
  windowSeconds: number;
  steps: FunnelStepResult[];
}

export interface ActivationBucket {
  start: string;
  registered: number;
  activated: number;
  rate: number | null;
}

export interface ActivationReport {
  from: string;
  to: string;
  interval: 'hour' | 'day';
  activationWindowHours: number;
  registered: number;
  activated: number;
  rate: number | null;
  buckets: ActivationBucket[];
}

export interface ActiveUsersPoint {
  day: string;
  dau: number;
  wau: number;
  mau: number;
}

export interface ActiveUsersReport {
  from: string;
  to: string;
  days: ActiveUsersPoint[];
}
