import { checkSampleRatio } from './srm-check';

const options = { alpha: 0.001, minExposures: 100, minDeviation: 0.01 };
const fifty = (a: number, b: number) => [
  { key: 'control', exposed: a, expectedShare: 0.5 },
  { key: 'treatment', exposed: b, expectedShare: 0.5 },
];

describe('sample ratio mismatch', () => {
  it('flags a skewed split (5300 vs 4700 on 50/50: χ² = 36, p = 1.97e-9)', () => {
    const srm = checkSampleRatio(fifty(5300, 4700), options);
    expect(srm.chiSquare).toBeCloseTo(36, 10);
    expect(srm.pValue).toBeCloseTo(1.9732e-9, 12);
    expect(srm.maxDeviation).toBeCloseTo(0.03, 10);
    expect(srm.flagged).toBe(true);
  });

  it('does not flag a fair split (5030 vs 4970: χ² = 0.36, p = 0.5485)', () => {
    const srm = checkSampleRatio(fifty(5030, 4970), options);
    expect(srm.pValue).toBeCloseTo(0.548506, 5);
    expect(srm.flagged).toBe(false);
  });

  it('does not flag a significant but tiny deviation on a huge sample', () => {
    const srm = checkSampleRatio(fifty(5_040_000, 4_960_000), options);
    expect(srm.pValue).toBeLessThan(1e-6);
    expect(srm.maxDeviation).toBeCloseTo(0.004, 10);
    expect(srm.flagged).toBe(false);
    expect(srm.reason).toContain('margin');
  });

  it('does not judge before the minimum number of exposures', () => {
    const srm = checkSampleRatio(fifty(60, 10), options);
    expect(srm.pValue).toBeLessThan(0.001);
    expect(srm.flagged).toBe(false);
    expect(srm.reason).toContain('not checked');
  });

  it('checks uneven weights against their own shares', () => {
    const variants = [
      { key: 'a', exposed: 1000, expectedShare: 0.1 },
      { key: 'b', exposed: 3000, expectedShare: 0.3 },
      { key: 'c', exposed: 6000, expectedShare: 0.6 },
    ];
    expect(checkSampleRatio(variants, options)).toMatchObject({ flagged: false, pValue: 1, chiSquare: 0 });
  });

  it('has no p-value and no NaN without exposures', () => {
    const srm = checkSampleRatio(fifty(0, 0), options);
    expect(srm).toMatchObject({ flagged: false, pValue: null, maxDeviation: null });
    expect(srm.variants.map((v) => v.observedShare)).toEqual([null, null]);
  });
});
