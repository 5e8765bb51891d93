import { BadRequestException } from '@nestjs/common';

/** One problem with one field of a request: `{field: 'coverage', rule: 'notNull', message: …}`. */
export interface FieldError {
  /** Path as a client writes it: `title`, `variants[1].weight`, `items[3].userId`; `body` for the whole. */
  field: string;
  /** The failing rule: `required`, `notNull`, `isString`, `maxLength`, `storableText`, `maxDepth`… */
  rule: string;
  message: string;
}

/**
 * A 400 listing one entry per field (its first failing rule). The exception filter copies `errors` into
 * the body beside `message`, which joins the messages for humans and older clients.
 */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly errors: FieldError[]) {
    super({ message: errors.map((error) => error.message).join('; '), errors });
  }

  static of(field: string, rule: string, message: string): ValidationFailedException {
    return new ValidationFailedException([{ field, rule, message }]);
  }
}
