import { decide, DecisionInput } from './decision';

const base: DecisionInput = {
  alpha: 0.05,
  analysis: 'sequential',
  srmFlagged: false,
  totalExposures: 10_000,
  usersNeeded: 50_000,
  targetMde: 0.05,
  primary: [{ treatment: 'b', lift: 0.1, adjustedPValue: 0.01 }],
  guardrails: [{ treatment: 'b', event: 'refund', lift: 0.02, adjustedPValue: 0.6 }],
};

describe('decision rule', () => {
  it('ships a significant positive lift under sequential analysis, even before the planned sample', () => {
    expect(decide(base)).toMatchObject({ verdict: 'ship', treatment: 'b' });
  });

  it('never ships while a guardrail is hurt', () => {
    const d = decide({
      ...base,
      guardrails: [{ treatment: 'b', event: 'refund', lift: 0.3, adjustedPValue: 0.001 }],
    });
    expect(d).toMatchObject({ verdict: 'guardrail hurt', treatment: 'b' });
    expect(d.reasons[0]).toContain('refund');
    // A guardrail falling significantly (fewer refunds) is not harm.
    const fewer = decide({
      ...base,
      guardrails: [{ treatment: 'b', event: 'refund', lift: -0.3, adjustedPValue: 0.001 }],
    });
    expect(fewer.verdict).toBe('ship');
  });

  it('never ships while a Sample Ratio Mismatch is flagged', () => {
    expect(decide({ ...base, srmFlagged: true })).toMatchObject({ verdict: 'keep running' });
  });

  it('gives no verdict from a fixed-horizon test peeked before its planned sample', () => {
    const d = decide({ ...base, analysis: 'fixed' });
    expect(d.verdict).toBe('keep running');
    expect(d.reasons[0]).toContain('peeking');
    expect(decide({ ...base, analysis: 'fixed', totalExposures: 50_000 }).verdict).toBe('ship');
  });

  it('says "no effect yet" only when powered, "keep running" before', () => {
    const flat = { ...base, primary: [{ treatment: 'b', lift: 0.01, adjustedPValue: 0.7 }] };
    expect(decide(flat).verdict).toBe('keep running');
    expect(decide({ ...flat, totalExposures: 60_000 }).verdict).toBe('no effect yet');
  });

  it('reports a significantly worse treatment and picks the best of several winners', () => {
    expect(
      decide({ ...base, primary: [{ treatment: 'b', lift: -0.2, adjustedPValue: 0.001 }] }),
    ).toMatchObject({
      verdict: 'treatment worse',
      treatment: 'b',
    });
    const two = decide({
      ...base,
      primary: [
        { treatment: 'b', lift: 0.1, adjustedPValue: 0.01 },
        { treatment: 'c', lift: 0.2, adjustedPValue: 0.02 },
      ],
    });
    expect(two).toMatchObject({ verdict: 'ship', treatment: 'c' });
  });
});
