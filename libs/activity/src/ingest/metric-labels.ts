/**
 * Keeps metric label values within a fixed set so that a client sending free-form values cannot blow up
 * Prometheus cardinality: a missing value is 'unknown', a value outside the set is 'other'.
 */
export class BoundedLabel {
  private readonly allowed: Set<string>;

  constructor(values: readonly string[]) {
    this.allowed = new Set(values.map((value) => value.toLowerCase()));
  }

  /** Every value `of` can answer: the allowed ones, `unknown` and `other`. */
  values(): string[] {
    return [...this.allowed, 'unknown', 'other'];
  }

  of(value: unknown): string {
    if (value === undefined || value === null || value === '') return 'unknown';
    if (typeof value !== 'string') return 'other';
    const normalised = value.trim().toLowerCase();
    return this.allowed.has(normalised) ? normalised : 'other';
  }
}
