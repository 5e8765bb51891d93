import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { presenceOf } from '@app/validation';

type Constructor = new (...args: unknown[]) => unknown;

/** What one class-validator rule says about a value, as JSON Schema. */
function ruleSchema(rule: ValidationMetadata): SchemaObject | undefined {
  const [a, b] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'isString':
      return { type: 'string' };
    case 'isNumber':
      return { type: 'number' };
    case 'isInt':
      return { type: 'integer' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isArray':
      return { type: 'array' };
    case 'isObject':
    case 'isFeedbackMetadata':
      return { type: 'object' };
    case 'isLabelMap':
      return { type: 'object', additionalProperties: { type: 'string', maxLength: 4096 }, maxProperties: 64 };
    case 'isIn':
      return { enum: a as unknown[] };
    case 'isEnum':
      return { enum: Object.values(a as object) };
    case 'isLength':
      return {
        type: 'string',
        minLength: a as number,
        ...(b === undefined ? {} : { maxLength: b as number }),
      };
    case 'minLength':
      return { type: 'string', minLength: a as number };
    case 'maxLength':
      return { type: 'string', maxLength: a as number };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'matches':
      return { type: 'string', pattern: (a instanceof RegExp ? a : new RegExp(String(a))).source };
    case 'min':
      return { minimum: a as number };
    case 'max':
      return { maximum: a as number };
    case 'isPositive':
      return { exclusiveMinimum: 0 } as unknown as SchemaObject; // 3.1: a number
    case 'isIso8601':
    case 'isDateString':
      return { type: 'string', format: 'date-time', description: 'ISO 8601' };
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'arrayMinSize':
      return { type: 'array', minItems: a as number };
    case 'arrayMaxSize':
      return { type: 'array', maxItems: a as number };
    case 'arrayUnique':
      return { type: 'array', uniqueItems: true };
    case 'storableText':
      return { description: 'No NUL characters or unpaired surrogates.' };
    case undefined:
    default:
      return undefined;
  }
}

function merge(into: SchemaObject, part: SchemaObject): void {
  const description = [into.description, part.description].filter(Boolean).join(' ');
  Object.assign(into, part);
  if (description) into.description = description;
}

/** The property schema one class's rules describe (nested DTOs by reference to their class). */
function propertySchema(target: Constructor, property: string, rules: ValidationMetadata[]): object {
  const own: SchemaObject = {};
  const items: SchemaObject = {};
  let nested: Constructor | undefined;
  // Source order (decorators register bottom-up): later rules refine the type the first ones set.
  for (const rule of [...rules].reverse()) {
    if (rule.type === ValidationTypes.NESTED_VALIDATION) {
      const typed = defaultMetadataStorage.findTypeMetadata(target, property);
      nested = typed?.typeFunction() as Constructor | undefined;
      continue;
    }
    const schema = ruleSchema(rule);
    if (!schema) continue;
    if (rule.each) merge(items, schema);
    else merge(own, schema);
  }
  const isArray = own.type === 'array' || Object.keys(items).length > 0;
  if (nested) return { ...own, type: () => nested, isArray };
  if (isArray) return { ...own, type: 'array', items: Object.keys(items).length > 0 ? items : {} };
  return own;
}

const described = new WeakSet<object>();

/**
 * Declares every class-validator DTO to @nestjs/swagger with ApiProperty, derived from its validation
 * rules: the OpenAPI document is generated from the same decorators that validate requests, so the two
 * cannot drift. Runs once per class before the document is built.
 */
export function describeValidatedDtos(): void {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Constructor, ValidationMetadata[]>;
  };
  for (const [target, metadatas] of storage.validationMetadatas) {
    if (described.has(target)) continue;
    described.add(target);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of metadatas) {
      const list = byProperty.get(rule.propertyName) ?? [];
      list.push(rule);
      byProperty.set(rule.propertyName, list);
    }
    for (const [property, rules] of byProperty) {
      const presence = presenceOf(target.prototype, property);
      const conditional = rules.some((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION);
      const schema = propertySchema(target, property, rules);
      const required = presence === undefined && !conditional;
      ApiProperty({
        ...schema,
        required,
        ...(presence === 'nullable' ? { nullable: true } : {}),
      })(target.prototype, property);
    }
  }
}
