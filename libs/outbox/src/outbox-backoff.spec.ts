import { backoffDelayMs, classifyStatus } from './outbox-backoff';

describe('backoffDelayMs', () => {
  const options = { baseMs: 1000, maxMs: 60000 };

  it('doubles per attempt within [half, full] of the exponential step', () => {
    expect(backoffDelayMs(1, options, () => 0)).toBe(500);
    expect(backoffDelayMs(1, options, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, options, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, options, () => 1)).toBe(4000);
  });

  it('is capped at maxMs', () => {
    expect(backoffDelayMs(30, options, () => 1)).toBe(60000);
    expect(backoffDelayMs(30, options, () => 0)).toBe(30000);
  });
});

describe('classifyStatus', () => {
  it('treats 2xx as delivered, 5xx/408/429 as transient and other 4xx as permanent', () => {
    expect(classifyStatus(200)).toBe('delivered');
    expect(classifyStatus(204)).toBe('delivered');
    expect(classifyStatus(500)).toBe('transient');
    expect(classifyStatus(503)).toBe('transient');
    expect(classifyStatus(429)).toBe('transient');
    expect(classifyStatus(408)).toBe('transient');
    expect(classifyStatus(404)).toBe('permanent');
    expect(classifyStatus(400)).toBe('permanent');
    expect(classifyStatus(302)).toBe('transient');
  });
});
