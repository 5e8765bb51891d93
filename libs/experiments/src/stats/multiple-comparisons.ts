export const CORRECTIONS = ['holm', 'benjamini-hochberg', 'none'] as const;
export type Correction = (typeof CORRECTIONS)[number];

/**
 * Adjusted p-values of a family of tests, in the input order; null inputs (undefined tests) stay null
 * and do not count in the family. Reject H_i at level α iff adjusted_i < α.
 * - Holm (1979): controls the family-wise error rate (any false positive) under any dependence.
 *   Sorted ascending p(1..m): adj(k) = max_{j≤k} min(1, (m − j + 1)·p(j)).
 * - Benjamini–Hochberg (1995): controls the false discovery rate (share of false positives among the
 *   discoveries). adj(k) = min_{j≥k} min(1, m·p(j)/j).
 */
export function adjustPValues(
  pValues: ReadonlyArray<number | null>,
  method: Correction,
): Array<number | null> {
  const indexed = pValues
    .map((p, index) => ({ p, index }))
    .filter((x): x is { p: number; index: number } => x.p !== null)
    .sort((a, b) => a.p - b.p);
  const m = indexed.length;
  const adjusted: Array<number | null> = pValues.map(() => null);
  if (method === 'none') return pValues.map((p) => p);
  if (method === 'holm') {
    let running = 0;
    indexed.forEach(({ p, index }, k) => {
      running = Math.max(running, Math.min(1, (m - k) * p));
      adjusted[index] = running;
    });
    return adjusted;
  }
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, Math.min(1, (m * indexed[k].p) / (k + 1)));
    adjusted[indexed[k].index] = running;
  }
  return adjusted;
}
