import { plainToInstance, Type } from 'class-transformer';
import {
  IsInt,
  IsNotEmpty,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { toFieldErrors } from './field-errors';
import { Optional } from './optional.decorator';

class Item {
  @IsInt()
  @Min(1)
  @Max(9)
  weight: number;
}

class Body {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  message: string;

  @Optional()
  @IsInt()
  @Min(0)
  count?: number;

  @Optional()
  @ValidateNested({ each: true })
  @Type(() => Item)
  items?: Item[];
}

const errorsOf = (plain: object) =>
  toFieldErrors(validateSync(plainToInstance(Body, plain), { whitelist: true, forbidNonWhitelisted: true }));

describe('toFieldErrors', () => {
  it('says a missing field is required, once, not one message per rule', () => {
    expect(errorsOf({})).toEqual([{ field: 'message', rule: 'required', message: 'message is required' }]);
  });

  it('reports a wrong type as the type rule, whatever else fails', () => {
    expect(errorsOf({ message: 42 })).toEqual([
      { field: 'message', rule: 'isString', message: 'message must be a string' },
    ]);
  });

  it('reports the first failing rule in source order otherwise', () => {
    expect(errorsOf({ message: '', count: -1 })).toEqual([
      { field: 'message', rule: 'isNotEmpty', message: 'message should not be empty' },
      { field: 'count', rule: 'min', message: 'count must not be less than 0' },
    ]);
  });

  it('refuses null on an optional field and names unknown ones', () => {
    expect(errorsOf({ message: 'ok', count: null, extra: 1 })).toEqual([
      { field: 'extra', rule: 'notAllowed', message: 'extra is not an allowed field' },
      { field: 'count', rule: 'notNull', message: 'count must not be null' },
    ]);
  });

  it('names nested fields with their index', () => {
    expect(errorsOf({ message: 'ok', items: [{ weight: 1 }, { weight: 'x' }] })).toEqual([
      { field: 'items[1].weight', rule: 'isInt', message: 'items[1].weight must be an integer number' },
    ]);
  });
});
