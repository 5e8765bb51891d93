export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 8;

/** Key names (lower-cased, without `-`, `_` and spaces) whose values never reach a log. */
const SENSITIVE_KEY_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'cookie',
  'apikey',
  'webhook',
  'routingkey',
  'privatekey',
  'credential',
  'signature',
  'sessionid',
];
const SENSITIVE_KEYS_EXACT = new Set(['pwd', 'pass', 'auth', 'jwt', 'bearer']);

/**
 * Patterns of secrets inside free text (messages, error messages, stacks, URLs). A cheap pre-check
 * keeps ordinary strings to a single regex test.
 */
const MAYBE_SECRET =
  /bearer|basic|:\/\/|pass|pwd|secret|token|key|auth|sig|pk_|eyJ|xox|hook|cookie|credential/i;
const STRING_RULES: Array<[RegExp, string]> = [
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  // Webhook URLs (Slack, Discord, generic …/hooks/…): the whole URL is the secret.
  [/https?:\/\/[^\s"'<>]*?(?:hooks?|webhooks?)\b[^\s"'<>]*/gi, REDACTED],
  // Credentials in URLs: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // Secret-looking query parameters.
  [
    /([?&](?:access_token|refresh_token|token|api[_-]?key|key|secret|password|signature|sig|auth)=)[^&\s#"']+/gi,
    `$1${REDACTED}`,
  ],
  // key: value / key=value pairs in text (JSON included), unless the value is a Bearer/Basic scheme.
  [
    /\b((?:password|passwd|pwd|secret|token|api[_-]?key|authorization|cookie)["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b)[^\s"',;&}]+/gi,
    `$1${REDACTED}`,
  ],
  // Pulse API keys, JWTs, Slack tokens: recognisable on their own.
  [/\bpk_[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
];

const keyVerdicts = new Map<string, boolean>();

/** Names that describe a secret without holding it: `apiKeyId`, `tokenType`, `passwordChangedAt`. */
const ABOUT_A_SECRET = /(id|ids|prefix|name|type|count|length|at|expires|expiry|ttl|version)$/;

export function isSensitiveKey(key: string): boolean {
  const known = keyVerdicts.get(key);
  if (known !== undefined) return known;
  const normalized = key.toLowerCase().replace(/[-_\s]/g, '');
  const verdict =
    SENSITIVE_KEYS_EXACT.has(normalized) ||
    SENSITIVE_KEY_PARTS.some(
      (part) => normalized === part || (normalized.includes(part) && !ABOUT_A_SECRET.test(normalized)),
    );
  // Keys come from code almost always; bound the memo against keys taken from user data.
  if (keyVerdicts.size < 5000) keyVerdicts.set(key, verdict);
  return verdict;
}

export function redactString(text: string): string {
  if (text.length < 6 || !MAYBE_SECRET.test(text)) return text;
  let result = text;
  for (const [pattern, replacement] of STRING_RULES) result = result.replace(pattern, replacement);
  return result;
}

/**
 * A JSON-safe copy of `value` with secrets replaced by [REDACTED]: values of sensitive keys at any
 * depth, and secret-looking text in every string. Never mutates its input. Errors become
 * `{name, message, stack, …}`, cycles `[Circular]`, anything deeper than 8 levels `[Truncated]`.
 */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return redactValue(value, 0, NO_ANCESTORS);
  return redactValue(value, 0, new Set());
}

const NO_ANCESTORS = new Set<object>();

function redactValue(value: unknown, depth: number, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
  }
  if (value === null) return null;
  const object = value;
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (ancestors.has(object)) return '[Circular]';
  ancestors.add(object);
  try {
    return redactObject(object, depth, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

function redactObject(object: object, depth: number, ancestors: Set<object>): unknown {
  if (object instanceof Error) return redactEntries(errorFields(object), depth, ancestors);
  if (Array.isArray(object)) return object.map((item) => redactValue(item, depth + 1, ancestors));
  if (ArrayBuffer.isView(object)) return `[Binary ${object.byteLength} bytes]`;
  if (object instanceof Map) return redactEntries(Object.fromEntries(object), depth, ancestors);
  if (object instanceof Set) return redactValue([...object], depth, ancestors);
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    return redactValue(toJSON.call(object), depth + 1, ancestors);
  }
  return redactEntries(object as Record<string, unknown>, depth, ancestors);
}

function redactEntries(
  object: Record<string, unknown>,
  depth: number,
  ancestors: Set<object>,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const item = object[key];
    copy[key] =
      isSensitiveKey(key) && item !== undefined && item !== null
        ? REDACTED
        : redactValue(item, depth + 1, ancestors);
  }
  return copy;
}

/**
 * The fields of an error worth logging: name, message, stack, code, status, the SQL text of a failed
 * query (never its parameters: they carry user data) and the cause.
 */
export function errorFields(error: Error, stack = error.stack): Record<string, unknown> {
  const source = error as Error & { code?: unknown; status?: unknown; query?: unknown };
  const fields: Record<string, unknown> = {};
  // Subclasses that do not set `name` inherit "Error": their class name says more.
  const name = error.name === 'Error' ? error.constructor?.name : error.name;
  if (name && name !== 'Error') fields.name = name;
  fields.message = error.message;
  if (stack) fields.stack = stack;
  if (typeof source.code === 'string' || typeof source.code === 'number') fields.code = source.code;
  if (typeof source.status === 'number') fields.status = source.status;
  if (typeof source.query === 'string') fields.query = source.query;
  if (error.cause !== undefined) fields.cause = error.cause;
  return fields;
}
