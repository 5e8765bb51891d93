import { chiSquareGoodnessOfFit, chiSquareIndependence } from '../stats/proportion-stats';
import { chooseVariation, fnv1a32, getBucketRanges, hashV2 } from './growthbook-hash';
import { assignVariant, bucketRangesOf } from './variant-assigner';

const ids = (n: number, prefix = 'user-') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('GrowthBook hashing', () => {
  it('is FNV-1a 32 (reference values of the FNV test suite)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  // GrowthBook packages/sdk-js/test/cases.json, "hash" cases of version 2: [seed, id, expected].
  it.each([
    ['seed', 'a', 0.0505],
    ['seed', 'b', 0.2696],
    ['foo', 'ab', 0.2575],
    ['foo', 'def', 0.2019],
    ['89123klj', '8952klfjas09ujkasdf', 0.124],
    ['90850943850283058242805', '123', 0.7516],
    ['()**(%$##$%#$#', '___)((*":&', 0.0128],
  ])('hash v2 of seed %j and id %j is %d', (seed, id, expected) => {
    expect(hashV2(seed, id)).toBe(expected);
  });

  // The version-1 cases of the same file (fnv1a32(id + seed) % 1000 / 1000) check the FNV core too.
  it.each([
    ['', 'a', 0.22],
    ['', 'b', 0.077],
    ['b', 'a', 0.946],
    ['ef', 'd', 0.652],
    ['asdf', '8952klfjas09ujk', 0.549],
    ['', '123', 0.011],
    ['', '___)((*":&', 0.563],
  ])('hash v1 core: seed %j id %j → %d', (seed, id, expected) => {
    expect((fnv1a32(id + seed) % 1000) / 1000).toBe(expected);
  });
});

describe('GrowthBook bucket ranges', () => {
  // cases.json "getBucketRange": [numVariations, coverage, weights] → ranges.
  it.each<[string, number, number, number[] | null, Array<[number, number]>]>([
    [
      'normal 50/50',
      2,
      1,
      null,
      [
        [0, 0.5],
        [0.5, 1],
      ],
    ],
    [
      'reduced coverage',
      2,
      0.5,
      null,
      [
        [0, 0.25],
        [0.5, 0.75],
      ],
    ],
    [
      'zero coverage',
      2,
      0,
      null,
      [
        [0, 0],
        [0.5, 0.5],
      ],
    ],
    [
      '4 variations',
      4,
      1,
      null,
      [
        [0, 0.25],
        [0.25, 0.5],
        [0.5, 0.75],
        [0.75, 1],
      ],
    ],
    [
      'uneven weights',
      2,
      1,
      [0.4, 0.6],
      [
        [0, 0.4],
        [0.4, 1],
      ],
    ],
    [
      'uneven weights, 3 variations',
      3,
      1,
      [0.2, 0.3, 0.5],
      [
        [0, 0.2],
        [0.2, 0.5],
        [0.5, 1],
      ],
    ],
    [
      'uneven, reduced coverage',
      3,
      0.2,
      [0.2, 0.3, 0.5],
      [
        [0, 0.04],
        [0.2, 0.26],
        [0.5, 0.6],
      ],
    ],
    [
      'negative coverage',
      2,
      -0.2,
      null,
      [
        [0, 0],
        [0.5, 0.5],
      ],
    ],
    [
      'coverage above 1',
      2,
      1.5,
      null,
      [
        [0, 0.5],
        [0.5, 1],
      ],
    ],
    [
      'weights sum below 1',
      2,
      1,
      [0.4, 0.1],
      [
        [0, 0.5],
        [0.5, 1],
      ],
    ],
    [
      'weights sum above 1',
      2,
      1,
      [0.7, 0.6],
      [
        [0, 0.5],
        [0.5, 1],
      ],
    ],
    [
      'weights of the wrong length',
      4,
      1,
      [0.4, 0.4, 0.2],
      [
        [0, 0.25],
        [0.25, 0.5],
        [0.5, 0.75],
        [0.75, 1],
      ],
    ],
    [
      'weights sum almost 1',
      2,
      1,
      [0.4, 0.5999],
      [
        [0, 0.4],
        [0.4, 0.9999],
      ],
    ],
  ])('%s', (_name, n, coverage, weights, expected) => {
    const ranges = getBucketRanges(n, coverage, weights);
    expect(ranges).toHaveLength(expected.length);
    ranges.forEach(([start, end], i) => {
      expect(start).toBeCloseTo(expected[i][0], 10);
      expect(end).toBeCloseTo(expected[i][1], 10);
    });
  });

  it('chooses variations as GrowthBook does (half-open ranges, -1 outside)', () => {
    const even = getBucketRanges(2, 1);
    const reduced = getBucketRanges(2, 0.5);
    const zero: Array<[number, number]> = [
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
    ];
    expect([0.2, 0.6, 0.4, 0.8, 0, 0.5].map((n) => chooseVariation(n, even))).toEqual([0, 1, 0, 1, 0, 1]);
    expect([0.2, 0.6, 0.4, 0.8].map((n) => chooseVariation(n, reduced))).toEqual([0, 1, -1, -1]);
    expect(chooseVariation(0.5, zero)).toBe(2);
  });

  it('normalises Pulse weights (any positive numbers) before GrowthBook ranges', () => {
    const ranges = bucketRangesOf({
      key: 'k',
      coverage: 0.5,
      variants: [
        { key: 'a', weight: 10 },
        { key: 'b', weight: 30 },
        { key: 'c', weight: 60 },
      ],
    });
    expect(ranges.map(([s, e]) => [+s.toFixed(10), +e.toFixed(10)])).toEqual([
      [0, 0.05],
      [0.1, 0.25],
      [0.4, 0.7],
    ]);
  });
});

describe('assignment distribution', () => {
  const experiment = (key: string, weights: number[], coverage = 1) => ({
    key,
    coverage,
    variants: weights.map((weight, i) => ({ key: `v${i}`, weight })),
  });

  function counts(weights: number[], key: string, users: string[]): number[] {
    const exp = experiment(key, weights);
    const ranges = bucketRangesOf(exp);
    const tally = weights.map(() => 0);
    for (const id of users) tally[Number(assignVariant(exp, id, ranges)!.slice(1))]++;
    return tally;
  }

  it.each([[[50, 50]], [[10, 30, 60]]])(
    '100,000 users over weights %j pass a chi-square goodness of fit (p > 0.01)',
    (weights) => {
      const observed = counts(weights, 'checkout-button', ids(100_000));
      const total = weights.reduce((a, b) => a + b, 0);
      const fit = chiSquareGoodnessOfFit(
        observed,
        weights.map((w) => w / total),
      );
      expect(fit.pValue).toBeGreaterThan(0.01);
    },
  );

  it('assigns two experiments independently (contingency chi-square, p > 0.01)', () => {
    const a = experiment('pricing-page', [50, 50]);
    const b = experiment('onboarding-flow', [10, 30, 60]);
    const table = [
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (const id of ids(100_000)) {
      const i = Number(assignVariant(a, id)!.slice(1));
      const j = Number(assignVariant(b, id)!.slice(1));
      table[i][j]++;
    }
    expect(chiSquareIndependence(table).pValue).toBeGreaterThan(0.01);
  });

  it('keeps every included user in their variant when coverage rises', () => {
    const users = ids(20_000);
    let previous = new Map<string, string | null>();
    for (const coverage of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
      const exp = experiment('coverage-test', [20, 30, 50], coverage);
      const current = new Map(users.map((id) => [id, assignVariant(exp, id)]));
      let moved = 0;
      for (const [id, variant] of previous) if (variant !== null && current.get(id) !== variant) moved++;
      expect(moved).toBe(0);
      const included = [...current.values()].filter((v) => v !== null).length;
      expect(included / users.length).toBeCloseTo(coverage, 1);
      previous = current;
    }
  });

  it('is deterministic and depends on the experiment key', () => {
    const exp = experiment('a-key', [1, 1]);
    expect(ids(50).map((id) => assignVariant(exp, id))).toEqual(ids(50).map((id) => assignVariant(exp, id)));
    const other = experiment('another-key', [1, 1]);
    const differ = ids(1000).filter((id) => assignVariant(exp, id) !== assignVariant(other, id)).length;
    expect(differ).toBeGreaterThan(400);
  });
});
