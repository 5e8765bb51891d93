import { FigureChange, FigureUnit } from '../build/report.types';

const DASH = '—';

function trim(value: number, digits: number): string {
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}

/** A value for people: counts as they are, ratios as percentages, durations in s/min/h. */
export function formatValue(value: number | null, unit: FigureUnit): string {
  if (value === null) return DASH;
  switch (unit) {
    case 'count':
    case 'score':
      return trim(value, 2);
    case 'ratio':
      return `${trim(value * 100, 2)}%`;
    case 'seconds':
      if (Math.abs(value) < 1) return `${trim(value * 1000, 1)} ms`;
      if (Math.abs(value) < 120) return `${trim(value, 2)} s`;
      if (Math.abs(value) < 7200) return `${trim(value / 60, 1)} min`;
      return `${trim(value / 3600, 1)} h`;
  }
}

const signed = (text: string, value: number) => (value > 0 ? `+${text}` : text);

/** `+20 (+20%)`; ratios change in percentage points; `—` without a base. */
export function formatChange(change: FigureChange, unit: FigureUnit): string {
  if (change.absolute === null) return DASH;
  const absolute =
    unit === 'ratio' ? `${trim(change.absolute * 100, 2)} pp` : formatValue(change.absolute, unit);
  const relative =
    change.relative === null ? '' : ` (${signed(`${trim(change.relative * 100, 1)}%`, change.relative)})`;
  return `${signed(absolute, change.absolute)}${relative}`;
}
