import type { ValidationError } from 'class-validator';
import type { FieldError } from './field-error';
import { joinPath } from './storable-input';

// Rules that say what kind of value is expected: when one fails, it is the one to report.
const TYPE_RULES = [
  'isDefined',
  'isString',
  'isNumber',
  'isInt',
  'isBoolean',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
  'isUuid',
  'isUUID',
  'isIso8601',
  'isISO8601',
];

/**
 * class-validator errors as one entry per field with its first failing rule: a missing field is
 * `required`, a null one `notNull`, a wrong type its type rule, otherwise the first rule in source
 * order (decorators register bottom-up, so the last constraint is the topmost decorator).
 */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = error.property ? joinPath(parent, error.property) : parent || 'body';
    const own = firstFailure(error, field);
    return [...(own ? [own] : []), ...toFieldErrors(error.children ?? [], field)];
  });
}

function firstFailure(error: ValidationError, field: string): FieldError | undefined {
  const constraints = error.constraints ?? {};
  const rules = Object.keys(constraints);
  if (rules.length === 0) return undefined;
  if (rules.includes('whitelistValidation'))
    return { field, rule: 'notAllowed', message: `${field} is not an allowed field` };
  if (rules.includes('unknownValue'))
    return { field, rule: 'isObject', message: `${field} must be a JSON object` };
  if (error.value === undefined) return { field, rule: 'required', message: `${field} is required` };
  if (error.value === null) return { field, rule: 'notNull', message: `${field} must not be null` };
  const rule = TYPE_RULES.find((name) => rules.includes(name)) ?? rules[rules.length - 1];
  return { field, rule, message: withPath(constraints[rule], error.property, field) };
}

/** class-validator starts messages with the property name; the full path is what a client needs. */
function withPath(text: string, property: string, field: string): string {
  if (text.startsWith(`${property} `)) return `${field}${text.slice(property.length)}`;
  return text.startsWith(field) ? text : `${field}: ${text}`;
}
