import { DateTime } from 'luxon';

/** A weekly maintenance window: on these ISO weekdays (1 = Monday … 7 = Sunday), from start to end local time. */
export interface Recurrence {
  weekdays: number[];
  /** HH:mm local time; an end at or before the start crosses midnight into the next day. */
  start: string;
  end: string;
  timeZone: string;
}

export interface SilenceTiming {
  startsAt: Date;
  endsAt: Date | null;
  recurrence: Recurrence | null;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Active when now is within [startsAt, endsAt) and, for a recurring silence, inside one of its windows. */
export function isSilenceActive(silence: SilenceTiming, now: Date): boolean {
  if (now < silence.startsAt) return false;
  if (silence.endsAt && now >= silence.endsAt) return false;
  const recurrence = silence.recurrence;
  if (!recurrence) return true;
  const local = DateTime.fromJSDate(now, { zone: recurrence.timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(recurrence.start);
  const end = minutesOf(recurrence.end);
  if (end > start) return recurrence.weekdays.includes(local.weekday) && minute >= start && minute < end;
  // Crosses midnight: the evening part on the listed day, the morning part on the day after.
  const yesterday = local.minus({ days: 1 }).weekday;
  return (
    (recurrence.weekdays.includes(local.weekday) && minute >= start) ||
    (recurrence.weekdays.includes(yesterday) && minute < end)
  );
}
