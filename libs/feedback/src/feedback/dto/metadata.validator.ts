import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

export const METADATA_MAX_BYTES = 8 * 1024;
/** Written by the server (user agent, referer, time received); a client cannot send it. */
export const SERVER_METADATA_KEY = 'server';

/** A plain JSON object of at most 8 kB (UTF-8, serialised), without the reserved `server` key. */
export function IsFeedbackMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isFeedbackMetadata',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => problemOf(value) === null,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${problemOf(args.value) ?? 'is invalid'}`,
      },
    });
}

function problemOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be a JSON object';
  }
  if (Object.prototype.hasOwnProperty.call(value, SERVER_METADATA_KEY)) {
    return `must not contain the key "${SERVER_METADATA_KEY}" (reserved for the server)`;
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > METADATA_MAX_BYTES) {
    return `must be at most ${METADATA_MAX_BYTES} bytes as JSON`;
  }
  return null;
}
