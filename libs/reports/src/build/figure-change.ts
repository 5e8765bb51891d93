import { FigureChange } from './report.types';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Change of `value` against `base`: absolute and relative, null where there is nothing to compare. */
export function figureChange(value: number | null, base: number | null): FigureChange {
  if (value === null || base === null) return { base, absolute: null, relative: null };
  return {
    base,
    absolute: round(value - base, 6),
    relative: base === 0 ? null : round((value - base) / Math.abs(base), 4),
  };
}
