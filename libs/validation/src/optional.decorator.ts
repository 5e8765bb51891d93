import 'reflect-metadata';
// eslint-disable-next-line no-restricted-imports -- the one place null is let through on purpose
import { IsOptional, ValidateIf } from 'class-validator';

const PRESENCE = Symbol('pulse:presence');
export type Presence = 'optional' | 'nullable';

/**
 * The field may be left out; `null` is still refused ("coverage must not be null"). Use this instead of
 * class-validator's IsOptional, which lets null through to a NOT NULL column (lint forbids it).
 */
export function Optional(): PropertyDecorator {
  return (target, property) => {
    Reflect.defineMetadata(PRESENCE, 'optional', target, property);
    ValidateIf((_object, value) => value !== undefined)(target, property);
  };
}

/** The field may be left out or sent as `null` (which clears it); anything else is validated. */
export function Nullable(): PropertyDecorator {
  return (target, property) => {
    Reflect.defineMetadata(PRESENCE, 'nullable', target, property);
    IsOptional()(target, property);
  };
}

/** What Optional/Nullable declared for a property (the OpenAPI generator reads it); undefined: required. */
export function presenceOf(target: object, property: string): Presence | undefined {
  return Reflect.getMetadata(PRESENCE, target, property) as Presence | undefined;
}
