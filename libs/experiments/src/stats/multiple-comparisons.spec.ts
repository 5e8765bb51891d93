import { adjustPValues } from './multiple-comparisons';

describe('multiple comparisons', () => {
  // Textbook family (e.g. R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm" / "BH")).
  const p = [0.01, 0.04, 0.03, 0.005];

  it('Holm: step-down, (m − k + 1)·p(k), monotone', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
    const adjusted = adjustPValues(p, 'holm') as number[];
    [0.03, 0.06, 0.06, 0.02].forEach((x, i) => expect(adjusted[i]).toBeCloseTo(x, 12));
  });

  it('Benjamini–Hochberg: step-up, m·p(k)/k, monotone', () => {
    // 4·0.005/1 = 0.02, 4·0.01/2 = 0.02, 4·0.03/3 = 0.04, 4·0.04/4 = 0.04.
    const adjusted = adjustPValues(p, 'benjamini-hochberg') as number[];
    [0.02, 0.04, 0.04, 0.02].forEach((x, i) => expect(adjusted[i]).toBeCloseTo(x, 12));
  });

  it('BH rejects more than Holm at α = 0.05 on the same family (FDR is the weaker guarantee)', () => {
    const rejected = (xs: Array<number | null>) => xs.filter((x) => x !== null && x < 0.05).length;
    expect(rejected(adjustPValues(p, 'holm'))).toBe(2);
    expect(rejected(adjustPValues(p, 'benjamini-hochberg'))).toBe(4);
  });

  it('caps at 1, keeps nulls out of the family and leaves a single test unchanged', () => {
    expect(adjustPValues([0.6, null, 0.7], 'holm')).toEqual([1, null, 1]);
    expect(adjustPValues([0.6, null, 0.7], 'benjamini-hochberg')).toEqual([0.7, null, 0.7]);
    expect(adjustPValues([0.03], 'holm')).toEqual([0.03]);
    expect(adjustPValues([0.03, 0.5], 'none')).toEqual([0.03, 0.5]);
  });
});
