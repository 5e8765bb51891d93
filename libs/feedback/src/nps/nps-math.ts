export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const;
export type NpsCategory = (typeof NPS_CATEGORIES)[number];

/** Promoters 9–10, passives 7–8, detractors 0–6. */
export function categoryOf(score: number): NpsCategory {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export interface NpsCounts {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsSummary extends NpsCounts {
  /** Shares 0..1; null without responses. */
  shares: { promoters: number; passives: number; detractors: number } | null;
  /** -100..100; null (never NaN or 0) without responses. */
  nps: number | null;
  /** Half-width of the 95% confidence interval, in NPS points. */
  marginOfError: number | null;
  /** nps ± marginOfError, clipped to [-100, 100]. */
  ci95: { low: number; high: number } | null;
}

const Z_95 = 1.96;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Half-width of the 95% interval of NPS in points: Var = pP + pD − (pP − pD)², SE = √(Var / n),
 * margin = 1.96 · SE · 100 (n = 100 at ½ promoters, ⅙ detractors gives 14.6).
 */
export function npsMarginOfError(promoterShare: number, detractorShare: number, n: number): number {
  const variance = promoterShare + detractorShare - (promoterShare - detractorShare) ** 2;
  return Z_95 * Math.sqrt(Math.max(0, variance) / n) * 100;
}

export function summarizeNps(counts: NpsCounts): NpsSummary {
  const n = counts.responses;
  if (n === 0) return { ...counts, shares: null, nps: null, marginOfError: null, ci95: null };
  const pP = counts.promoters / n;
  const pD = counts.detractors / n;
  const nps = (pP - pD) * 100;
  const margin = npsMarginOfError(pP, pD, n);
  return {
    ...counts,
    shares: { promoters: round(pP, 4), passives: round(counts.passives / n, 4), detractors: round(pD, 4) },
    nps: round(nps, 2),
    marginOfError: round(margin, 2),
    ci95: { low: round(Math.max(-100, nps - margin), 2), high: round(Math.min(100, nps + margin), 2) },
  };
}
