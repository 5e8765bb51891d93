import { CpuUsageSampler } from './process-metrics';

describe('CpuUsageSampler', () => {
  it('reports the percent of one core used over the last interval, not cumulative time', () => {
    let cpuMicros = 2_000_000; // 2 s used before the sampler started
    let nowNs = 0n;
    const sampler = new CpuUsageSampler(
      () => ({ user: cpuMicros * 0.75, system: cpuMicros * 0.25 }),
      () => nowNs,
      10, // 10 s of uptime: 20% on average so far
    );
    expect(sampler.percent()).toBeCloseTo(20);

    nowNs += 2_000_000_000n; // 2 s later, 1.5 s of CPU: 75%
    cpuMicros += 1_500_000;
    expect(sampler.percent()).toBeCloseTo(75);

    nowNs += 500_000_000n; // scraped again within a second: the same value, not a noisy tiny window
    cpuMicros += 500_000;
    expect(sampler.percent()).toBeCloseTo(75);

    nowNs += 1_500_000_000n; // 2 s since the last measurement, 0.5 s + 0 s of CPU: 25%
    expect(sampler.percent()).toBeCloseTo(25);
  });
});
