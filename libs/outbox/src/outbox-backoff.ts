/**
 * Delay before retry number `attempt` (1 = after the first failure): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that replicas retrying the same endpoint spread out.
 */
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** 2xx is delivered; 4xx other than 408/429 will never succeed (bad URL, revoked webhook): give up. */
export function classifyStatus(status: number): 'delivered' | 'permanent' | 'transient' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'permanent';
  return 'transient';
}
