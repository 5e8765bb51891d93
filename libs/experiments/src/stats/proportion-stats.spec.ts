import { Z_95, compareProportions, wilsonInterval } from './proportion-stats';

describe('proportion statistics', () => {
  it('uses z = 1.959964 for 95%', () => {
    expect(Z_95).toBeCloseTo(1.959964, 6);
  });

  it('computes the Wilson interval (hand-checked)', () => {
    // 200/1000: p = 0.2, z² = 3.841459; centre = (0.2 + z²/2000) / (1 + z²/1000) = 0.201148;
    // half = z/(1 + z²/1000) · √(0.2·0.8/1000 + z²/4e6) = 0.024771 → [0.176377, 0.225919]
    // (scipy.stats.binomtest(200, 1000).proportion_ci(method='wilson') agrees).
    const ci = wilsonInterval(200, 1000)!;
    expect(ci.low).toBeCloseTo(0.176377, 6);
    expect(ci.high).toBeCloseTo(0.225919, 6);
  });

  it('gives a non-degenerate interval at zero conversions and null without users', () => {
    // 0/50: centre = half = (z²/100)/(1 + z²/50) → [0, 0.071348].
    const ci = wilsonInterval(0, 50)!;
    expect(ci.low).toBe(0);
    expect(ci.high).toBeCloseTo(0.071348, 6);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('compares two proportions on a textbook example (hand-checked)', () => {
    // Control 200/1000 (0.20), treatment 250/1000 (0.25).
    // Pooled p̂ = 450/2000 = 0.225; SE₀ = √(0.225·0.775·(2/1000)) = 0.0186749;
    // z = 0.05/0.0186749 = 2.677398; two-sided p = 2·Φ(−2.677398) = 0.0074196.
    // Unpooled SE = √(0.2·0.8/1000 + 0.25·0.75/1000) = 0.0186414; CI = 0.05 ± 1.959964·0.0186414
    // = [0.013464, 0.086536]. Relative lift 0.25, delta-method SE = √(varT/pC² + pT²·varC/pC⁴) = 0.104578,
    // CI = 0.25 ± 0.204966 = [0.045022, 0.454978].
    const result = compareProportions({ successes: 200, n: 1000 }, { successes: 250, n: 1000 });
    expect(result.absoluteLift).toBeCloseTo(0.05, 10);
    expect(result.z).toBeCloseTo(2.677398, 5);
    expect(result.pValue).toBeCloseTo(0.0074196, 6);
    expect(result.absoluteLiftCi!.low).toBeCloseTo(0.013464, 6);
    expect(result.absoluteLiftCi!.high).toBeCloseTo(0.086536, 6);
    expect(result.relativeLift).toBeCloseTo(0.25, 10);
    expect(result.relativeLiftCi!.low).toBeCloseTo(0.045022, 6);
    expect(result.relativeLiftCi!.high).toBeCloseTo(0.454978, 6);
  });

  it('is symmetric: swapping arms flips the lift, keeps the p-value', () => {
    const ab = compareProportions({ successes: 30, n: 400 }, { successes: 45, n: 410 });
    const ba = compareProportions({ successes: 45, n: 410 }, { successes: 30, n: 400 });
    expect(ba.absoluteLift).toBeCloseTo(-ab.absoluteLift!, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue!, 12);
  });

  it('returns nulls, never NaN, with zero conversions on both sides', () => {
    const result = compareProportions({ successes: 0, n: 500 }, { successes: 0, n: 480 });
    expect(result).toEqual({
      absoluteLift: 0,
      absoluteLiftCi: null,
      relativeLift: null,
      relativeLiftCi: null,
      z: null,
      pValue: null,
    });
  });

  it('keeps what is defined when only the control has no conversions', () => {
    const result = compareProportions({ successes: 0, n: 500 }, { successes: 10, n: 500 });
    expect(result.relativeLift).toBeNull();
    expect(result.absoluteLift).toBeCloseTo(0.02, 12);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(0.01);
  });

  it('returns nulls for a variant with no users', () => {
    const result = compareProportions({ successes: 10, n: 100 }, { successes: 0, n: 0 });
    expect(Object.values(result).every((value) => value === null)).toBe(true);
  });
});
