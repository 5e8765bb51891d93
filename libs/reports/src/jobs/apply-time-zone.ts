import { SCHEDULED_JOB, ScheduledJobOptions } from '@app/jobs';

/**
 * Sets a job's time zone from configuration. Decorator arguments are fixed when the class loads,
 * before AppConfig exists, so the job's constructor re-declares its @ScheduledJob metadata with the
 * configured zone; the jobs explorer reads metadata after every provider is constructed.
 */
export function applyTimeZone(method: (...args: never[]) => unknown, timeZone: string): void {
  const options = Reflect.getMetadata(SCHEDULED_JOB, method) as ScheduledJobOptions | undefined;
  if (options) Reflect.defineMetadata(SCHEDULED_JOB, { ...options, timeZone }, method);
}
