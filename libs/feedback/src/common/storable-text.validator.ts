import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

// PostgreSQL text and jsonb cannot hold U+0000, and UTF-8 has no unpaired surrogates.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);

/** Whether a string, or any key or string inside a JSON value, cannot be stored as text. */
export function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return unstorable(value);
  if (typeof value !== 'object' || value === null || depth > 64) return false;
  if (Array.isArray(value)) return value.some((item) => hasUnstorableText(item, depth + 1));
  return Object.entries(value).some(([key, item]) => unstorable(key) || hasUnstorableText(item, depth + 1));
}

/** Rejects NUL characters and unpaired surrogates (a 400 naming the field instead of a database error). */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStorableText',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => !hasUnstorableText(value),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must not contain NUL characters or unpaired surrogates`,
      },
    });
}
