import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { isUnstorable } from './storable-input';

/** Whether a string, or any key or string inside a JSON value, cannot be stored as text. */
export function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return isUnstorable(value);
  if (typeof value !== 'object' || value === null || depth > 64) return false;
  if (Array.isArray(value)) return value.some((item) => hasUnstorableText(item, depth + 1));
  return Object.entries(value).some(([key, item]) => isUnstorable(key) || hasUnstorableText(item, depth + 1));
}

/**
 * Rejects NUL characters and unpaired surrogates. The global InputGuardPipe already refuses them in
 * every body and query; this keeps the rule on values a DTO builds itself (after a @Transform).
 */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'storableText',
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
