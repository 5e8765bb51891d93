import { addHistograms, bucketIndex, emptyHistogram, histogramQuantile } from './latency-histogram';

const BOUNDS = [0.1, 0.5, 1];

describe('latency histogram', () => {
  it('puts a value equal to a bound in that bucket and values above all bounds in +Inf', () => {
    expect(bucketIndex(BOUNDS, 0.1)).toBe(0);
    expect(bucketIndex(BOUNDS, 0.10001)).toBe(1);
    expect(bucketIndex(BOUNDS, 1)).toBe(2);
    expect(bucketIndex(BOUNDS, 7)).toBe(3);
  });

  it('interpolates the P95 inside the bucket that holds the rank', () => {
    // 100 requests: 80 ≤ 100 ms, 20 in (0.1, 0.5]. Rank 95 is the 15th of 20 in that bucket.
    const p95 = histogramQuantile(0.95, { bounds: BOUNDS, counts: [80, 20, 0, 0] });
    expect(p95).toBeCloseTo(0.1 + 0.4 * (15 / 20), 10);
  });

  it('interpolates from 0 in the first bucket', () => {
    expect(histogramQuantile(0.5, { bounds: BOUNDS, counts: [10, 0, 0, 0] })).toBeCloseTo(0.05, 10);
  });

  it('returns the highest finite bound when the rank lands in +Inf, and null without data', () => {
    expect(histogramQuantile(0.95, { bounds: BOUNDS, counts: [1, 0, 0, 99] })).toBe(1);
    expect(histogramQuantile(0.95, emptyHistogram(BOUNDS))).toBeNull();
  });

  it('skips empty buckets at the rank boundary', () => {
    // Rank 9.5 of 10: 9 in the first bucket, the 10th in (0.5, 1]; the empty (0.1, 0.5] is not the answer.
    expect(histogramQuantile(0.95, { bounds: BOUNDS, counts: [9, 0, 1, 0] })).toBeCloseTo(0.75, 10);
  });

  it('adds replicas bucket by bucket, so the P95 of the sum is the P95 of all requests', () => {
    const a = { bounds: BOUNDS, counts: [50, 0, 0, 0] };
    const b = { bounds: BOUNDS, counts: [30, 20, 0, 0] };
    const sum = addHistograms(a, b);
    expect(sum.counts).toEqual([80, 20, 0, 0]);
    expect(histogramQuantile(0.95, sum)).toBeCloseTo(0.4, 10);
    expect(() => addHistograms(a, { bounds: [0.1, 0.5], counts: [1, 1, 1] })).toThrow(/different buckets/);
  });
});
