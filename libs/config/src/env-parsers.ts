/**
 * Small typed readers for environment variables. Each failure names the variable, the rule and the
 * value received, so a bad deployment stops with one readable line.
 */
export type Env = Record<string, string | undefined>;

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigValidationError';
  }
}

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private fail<T>(name: string, rule: string, value: string, fallback: T): T {
    this.problems.push(`${name} must be ${rule}, got "${value}"`);
    return fallback;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string, rule?: { minLength?: number }): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && rule?.minLength && value.length < rule.minLength) {
      // Never echo a secret back; only its length.
      this.problems.push(`${name} must be at least ${rule.minLength} characters, got ${value.length}`);
      return undefined;
    }
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      return this.fail(name, `an integer between ${min} and ${max}`, value, fallback);
    }
    return parsed;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      return this.fail(name, `a number between ${min} and ${max}`, value, fallback);
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    return this.fail(name, 'true or false', value, fallback);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      return this.fail(name, `one of ${allowed.join(', ')}`, value, fallback);
    }
    return value as T;
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (protocols.includes(parsed.protocol.replace(/:$/, ''))) return value;
    } catch {
      // fall through to the uniform message below
    }
    // URLs may hold credentials: name the variable and the rule, never the value.
    this.problems.push(`${name} must be a URL with protocol ${protocols.join(' or ')}`);
    return undefined;
  }

  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  timeZone(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return value;
    } catch {
      return this.fail(name, 'an IANA time zone such as Europe/Paris', value, fallback);
    }
  }
}
