import { categoryOf, npsMarginOfError, summarizeNps } from './nps-math';

describe('NPS arithmetic', () => {
  it('categorises 0–6 / 7–8 / 9–10', () => {
    expect([0, 6, 7, 8, 9, 10].map(categoryOf)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('gives ±14.6 points for n = 100 at ½ promoters, ⅓ passives, ⅙ detractors', () => {
    // Var = 1/2 + 1/6 − (1/3)² = 5/9; SE = √(5/9 / 100) = 0.0745; 1.96 · SE · 100 = 14.61
    expect(npsMarginOfError(1 / 2, 1 / 6, 100)).toBeCloseTo(14.61, 2);
  });

  it('computes NPS, shares and the interval on hand-checked counts', () => {
    // 6 promoters, 3 passives, 1 detractor: NPS = 60 − 10 = 50; Var = .6 + .1 − .25 = .45;
    // SE = √(.045) = .21213; margin = 41.58
    expect(summarizeNps({ responses: 10, promoters: 6, passives: 3, detractors: 1 })).toEqual({
      responses: 10,
      promoters: 6,
      passives: 3,
      detractors: 1,
      shares: { promoters: 0.6, passives: 0.3, detractors: 0.1 },
      nps: 50,
      marginOfError: 41.58,
      ci95: { low: 8.42, high: 91.58 },
    });
  });

  it('is +100 with no spread when everyone promotes, −100 when everyone detracts', () => {
    const all = summarizeNps({ responses: 4, promoters: 4, passives: 0, detractors: 0 });
    expect(all).toMatchObject({ nps: 100, marginOfError: 0, ci95: { low: 100, high: 100 } });
    const none = summarizeNps({ responses: 3, promoters: 0, passives: 0, detractors: 3 });
    expect(none).toMatchObject({ nps: -100, marginOfError: 0, ci95: { low: -100, high: -100 } });
  });

  it('is null, not NaN or 0, without responses', () => {
    expect(summarizeNps({ responses: 0, promoters: 0, passives: 0, detractors: 0 })).toEqual({
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      shares: null,
      nps: null,
      marginOfError: null,
      ci95: null,
    });
  });

  it('clips the interval to [-100, 100]', () => {
    const one = summarizeNps({ responses: 2, promoters: 1, passives: 0, detractors: 1 });
    expect(one.nps).toBe(0);
    expect(one.marginOfError).toBeCloseTo(138.59, 2);
    expect(one.ci95).toEqual({ low: -100, high: 100 });
  });
});
