import { BoundedLabel } from './metric-labels';

describe('BoundedLabel', () => {
  const label = new BoundedLabel(['google', 'Email']);

  it('keeps known values, case-insensitively', () => {
    expect(label.of('google')).toBe('google');
    expect(label.of(' GOOGLE ')).toBe('google');
    expect(label.of('email')).toBe('email');
  });

  it("maps missing values to 'unknown' and anything else to 'other'", () => {
    expect(label.of(undefined)).toBe('unknown');
    expect(label.of(null)).toBe('unknown');
    expect(label.of('')).toBe('unknown');
    expect(label.of('utm-campaign-123')).toBe('other');
    expect(label.of(42)).toBe('other');
  });
});
