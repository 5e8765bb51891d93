import type { FieldError } from './field-error';

/**
 * How deep a JSON body or query may nest (objects and arrays, the root counting as 1). Deeper input is
 * refused before validation: Nest's ValidationPipe and class-transformer recurse without a limit and
 * overflow the stack at ~3,000 levels. No endpoint needs more than a handful of levels.
 */
export const MAX_JSON_DEPTH = 32;

// PostgreSQL text and jsonb cannot hold U+0000, and UTF-8 has no unpaired surrogates.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isUnstorable = (text: string): boolean =>
  text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);

/** `items[3].userId`, `metadata.page`: the path of a value as a client would write it. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number' || /^\d+$/.test(key)) return `${parent || 'items'}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * The first value a request cannot hold: nesting past MAX_JSON_DEPTH, or a string (or object key) with
 * a NUL or an unpaired surrogate. Recursion is bounded by the depth limit, so it is stack-safe.
 */
export function findUnstorableInput(value: unknown, path = '', depth = 0): FieldError | undefined {
  if (typeof value === 'string') {
    return isUnstorable(value) ? unstorableError(path || 'body') : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) {
    return {
      field: path || 'body',
      rule: 'maxDepth',
      message: `${path || 'body'} nests deeper than ${MAX_JSON_DEPTH} levels`,
    };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorableInput(value[index], joinPath(path, index), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const field = joinPath(path, key);
    if (isUnstorable(key)) return unstorableError(field);
    const found = findUnstorableInput((value as Record<string, unknown>)[key], field, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function unstorableError(field: string): FieldError {
  return {
    field,
    rule: 'storableText',
    message: `${field} must not contain NUL characters or unpaired surrogates`,
  };
}
