import { formatChange, formatValue } from './figure-format';

describe('figure formatting', () => {
  it('shows counts as they are, ratios as percentages and durations in ms, s, min or h', () => {
    expect(formatValue(1.2, 'count')).toBe('1.2');
    expect(formatValue(0.6667, 'ratio')).toBe('66.67%');
    expect(formatValue(0.2, 'seconds')).toBe('200 ms');
    expect(formatValue(42, 'seconds')).toBe('42 s');
    expect(formatValue(600, 'seconds')).toBe('10 min');
    expect(formatValue(9000, 'seconds')).toBe('2.5 h');
    expect(formatValue(null, 'score')).toBe('—');
  });

  it('signs changes, shows ratio changes in percentage points and omits a relative change on a zero base', () => {
    expect(formatChange({ base: 2, absolute: 2, relative: 1 }, 'count')).toBe('+2 (+100%)');
    expect(formatChange({ base: 0.5, absolute: -0.1, relative: -0.2 }, 'ratio')).toBe('-10 pp (-20%)');
    expect(formatChange({ base: 0, absolute: 3, relative: null }, 'count')).toBe('+3');
    expect(formatChange({ base: null, absolute: null, relative: null }, 'count')).toBe('—');
  });
});
