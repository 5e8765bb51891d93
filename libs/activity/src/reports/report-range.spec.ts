import { BadRequestException } from '@nestjs/common';
import { includesToday, parseSteps, parseWindow, resolveRange } from './report-range';

const now = new Date('2026-11-22T15:00:00Z');

describe('report range helpers', () => {
  it('defaults to the last N days up to now and validates order and span', () => {
    expect(resolveRange({}, now, 30, 90)).toEqual({
      from: new Date('2026-10-23T15:00:00Z'),
      to: now,
    });
    expect(() => resolveRange({ from: '2026-11-02', to: '2026-11-01' }, now, 30, 90)).toThrow(
      'from must be before to',
    );
    expect(() => resolveRange({ from: '2026-01-01', to: '2026-11-01' }, now, 30, 90)).toThrow(
      'at most 90 days',
    );
  });

  it('knows whether a range reaches into the current UTC day', () => {
    expect(includesToday({ from: new Date('2026-11-01'), to: new Date('2026-11-22') }, now)).toBe(false);
    expect(includesToday({ from: new Date('2026-11-01'), to: new Date('2026-11-22T00:00:01Z') }, now)).toBe(
      true,
    );
  });

  it('parses windows and rejects nonsense', () => {
    expect(parseWindow('7d')).toBe(604800);
    expect(parseWindow('90m')).toBe(5400);
    expect(parseWindow(undefined)).toBe(604800);
    expect(() => parseWindow('7w')).toThrow(BadRequestException);
    expect(() => parseWindow('0d')).toThrow('window must be');
    expect(() => parseWindow('91d')).toThrow('window must be');
  });

  it('parses steps: 2 to 10 distinct event names', () => {
    expect(parseSteps('a,b, c', [])).toEqual(['a', 'b', 'c']);
    expect(parseSteps(undefined, ['x', 'y'])).toEqual(['x', 'y']);
    expect(() => parseSteps('a', [])).toThrow('2 to 10');
    expect(() => parseSteps('a,B', [])).toThrow('got "B"');
    expect(() => parseSteps('a,a', [])).toThrow('must not repeat');
  });
});
