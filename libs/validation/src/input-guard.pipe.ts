import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedException } from './field-error';
import { findUnstorableInput } from './storable-input';

/**
 * The first global pipe: refuses any body, query or path parameter that storage cannot hold (NUL,
 * unpaired surrogates) or that nests deeper than MAX_JSON_DEPTH, before validation (and its unbounded
 * recursion) runs. One place for every module, so no text field reaches PostgreSQL's 22021.
 */
@Injectable()
export class InputGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    // @Param('id') and @Query('userId') receive one value: name it after its parameter.
    const found = findUnstorableInput(value, metadata.data ?? '');
    if (found) throw new ValidationFailedException([found]);
    return value;
  }
}
