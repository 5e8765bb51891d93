import { figureChange } from './figure-change';

describe('figureChange', () => {
  it('gives absolute and relative change', () => {
    expect(figureChange(120, 100)).toEqual({ base: 100, absolute: 20, relative: 0.2 });
    expect(figureChange(-10, 20)).toEqual({ base: 20, absolute: -30, relative: -1.5 });
    expect(figureChange(5, -10)).toEqual({ base: -10, absolute: 15, relative: 1.5 });
  });

  it('is null without a base, and relative is null on a zero base', () => {
    expect(figureChange(3, null)).toEqual({ base: null, absolute: null, relative: null });
    expect(figureChange(null, 4)).toEqual({ base: 4, absolute: null, relative: null });
    expect(figureChange(3, 0)).toEqual({ base: 0, absolute: 3, relative: null });
  });

  it('keeps ratios free of float noise', () => {
    expect(figureChange(0.3, 0.1)).toEqual({ base: 0.1, absolute: 0.2, relative: 2 });
  });
});
