import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_ENTRIES = 64;
const MAX_VALUE = 4096;

/** A flat object of string values (Prometheus labels or annotations); label names follow Prometheus' rule. */
export function IsLabelMap(kind: 'labels' | 'annotations', options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLabelMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => problemOf(value, kind) === null,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${problemOf(args.value, kind) ?? 'is invalid'}`,
      },
    });
}

function problemOf(value: unknown, kind: 'labels' | 'annotations'): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'must be an object of strings';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ENTRIES) return `must have at most ${MAX_ENTRIES} entries`;
  for (const [name, item] of entries) {
    if (kind === 'labels' && !LABEL_NAME.test(name))
      return `has an invalid label name "${name.slice(0, 50)}"`;
    if (typeof item !== 'string') return `.${name.slice(0, 50)} must be a string`;
    if (item.length > MAX_VALUE) return `.${name.slice(0, 50)} must be at most ${MAX_VALUE} characters`;
  }
  return null;
}
