import {
  AdjustedStatistic,
  adjustedEffectMoments,
  effectMoments,
  proportion,
  sampleMean,
  sequentialTwoSidedTest,
  sequentialPValue,
  twoSidedTTestPValue,
} from './frequentist-tests';

/** Seeded PRNG (mulberry32): the simulation is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('peeking simulation (seeded, pure functions)', () => {
  it('2,000 A/A experiments peeked 20 times: sequential stays ≤ 5%, fixed-horizon peeking does not', () => {
    const random = mulberry32(23);
    const EXPERIMENTS = 2000;
    const LOOKS = 20;
    const USERS_PER_LOOK = 200; // per arm: 4,000 per arm at the last look
    const RATE = 0.1;
    let sequentialEver = 0;
    let fixedEver = 0;
    let fixedLastLook = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      let [xA, xB, n] = [0, 0, 0];
      let [sequentialHit, fixedHit] = [false, false];
      for (let look = 1; look <= LOOKS; look++) {
        for (let i = 0; i < USERS_PER_LOOK; i++) {
          if (random() < RATE) xA++;
          if (random() < RATE) xB++;
        }
        n += USERS_PER_LOOK;
        const m = effectMoments(proportion(xA, n), proportion(xB, n), 'relative');
        if (!m) continue;
        if (sequentialPValue(m) < 0.05) sequentialHit = true;
        const fixed = twoSidedTTestPValue(m) < 0.05;
        if (fixed) fixedHit = true;
        if (fixed && look === LOOKS) fixedLastLook++;
      }
      if (sequentialHit) sequentialEver++;
      if (fixedHit) fixedEver++;
    }
    const simulationError = 3 * Math.sqrt((0.05 * 0.95) / EXPERIMENTS); // 3σ ≈ 0.0146
    const sequentialShare = sequentialEver / EXPERIMENTS;
    const fixedShare = fixedEver / EXPERIMENTS;
    // One look at the planned horizon is a valid 5% test...
    expect(fixedLastLook / EXPERIMENTS).toBeLessThanOrEqual(0.05 + simulationError);
    // ...twenty looks at it are not (about 4× the nominal rate)...
    expect(fixedShare).toBeGreaterThan(0.1);
    // ...while the always-valid p-value keeps the promise however often it is read.
    expect(sequentialShare).toBeLessThanOrEqual(0.05 + simulationError);
    expect(fixedShare).toBeGreaterThan(2 * sequentialShare);
    // 40,000 looks with a t CDF each: seconds on a quiet machine, far more on a shared one.
  }, 180_000);

  it('CUPED on a correlated pre-exposure count narrows the interval of a true effect', () => {
    const random = mulberry32(7);
    const poisson = (lambda: number) => {
      const limit = Math.exp(-lambda);
      let [k, p] = [0, random()];
      while (p > limit) {
        k++;
        p *= random();
      }
      return k;
    };
    const arm = (users: number, lift: number): AdjustedStatistic => {
      let [post, pre, preSquares, products] = [0, 0, 0, 0];
      for (let i = 0; i < users; i++) {
        // Engaged users (half) had more events before exposure and convert more after it.
        const engaged = random() < 0.5;
        const x = poisson(engaged ? 8 : 0.2);
        const y = random() < (engaged ? 0.5 : 0.02) * (1 + lift) ? 1 : 0;
        post += y;
        pre += x;
        preSquares += x * x;
        products += x * y;
      }
      return {
        post: proportion(post, users),
        pre: sampleMean(pre, preSquares, users),
        postPreSumOfProducts: products,
      };
    };
    const control = arm(20000, 0);
    const treatment = arm(20000, 0.1);
    const plain = sequentialTwoSidedTest(effectMoments(control.post, treatment.post, 'relative')!);
    const moments = adjustedEffectMoments(control, treatment, 'relative')!;
    const adjusted = sequentialTwoSidedTest(moments);
    expect(moments.theta).toBeGreaterThan(0);
    const width = (r: typeof plain) => r.ci.high - r.ci.low;
    // Variance reduction 1 − (SE_adj/SE)² ≈ ρ², the squared correlation of pre and post (≈ 0.3 here).
    expect(width(adjusted)).toBeLessThan(0.9 * width(plain));
    expect(adjusted.ci.low).toBeLessThan(0.1);
    expect(adjusted.ci.high).toBeGreaterThan(0.1);
    expect(adjusted.pValue).toBeLessThan(plain.pValue);
  });
});
