/**
 * GrowthBook's assignment scheme, reimplemented so that a user keeps the same variant whether Pulse or a
 * GrowthBook SDK assigns them (same seed, same weights, same coverage). Checked against the vectors of
 * GrowthBook's `packages/sdk-js/test/cases.json` in the spec beside this file.
 */

/** A half-open interval [start, end) of the unit hash space. */
export type BucketRange = readonly [number, number];

/**
 * 32-bit FNV-1a over UTF-16 code units (`charCodeAt`), exactly as the GrowthBook JS SDK does it; ids
 * outside ASCII therefore hash like in that SDK, not like a UTF-8 byte FNV.
 */
export function fnv1a32(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** GrowthBook hash version 2: fnv1a32(String(fnv1a32(seed + id))) % 10000 / 10000, in [0, 1). */
export function hashV2(seed: string, id: string): number {
  return (fnv1a32(String(fnv1a32(seed + id))) % 10000) / 10000;
}

/**
 * GrowthBook's `getBucketRanges`: coverage is clamped to [0, 1]; weights fall back to equal ones when
 * missing, of the wrong length, or not summing to 1 ± 0.01. Range i starts at the cumulative weight of the
 * variants before it and is `coverage × weight` long, so raising coverage only extends each range: users
 * already in keep their variant.
 */
export function getBucketRanges(
  numVariations: number,
  coverage = 1,
  weights?: readonly number[] | null,
): BucketRange[] {
  const clamped = coverage < 0 ? 0 : coverage > 1 ? 1 : coverage;
  const equal = numVariations <= 0 ? [] : new Array<number>(numVariations).fill(1 / numVariations);
  let used: readonly number[] = weights ?? equal;
  if (used.length !== numVariations) used = equal;
  const total = used.reduce((sum, weight) => sum + weight, 0);
  if (total < 0.99 || total > 1.01) used = equal;
  let cumulative = 0;
  return used.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + clamped * weight] as const;
  });
}

/** GrowthBook's `chooseVariation`: the first range holding n, or -1 (outside coverage). */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (n >= ranges[i][0] && n < ranges[i][1]) return i;
  }
  return -1;
}
