export { type FieldError, ValidationFailedException } from './field-error';
export { toFieldErrors } from './field-errors';
export { InputGuardPipe } from './input-guard.pipe';
export { Nullable, Optional, type Presence, presenceOf } from './optional.decorator';
export { MAX_JSON_DEPTH, findUnstorableInput, isUnstorable, joinPath } from './storable-input';
export { IsStorableText, hasUnstorableText } from './storable-text.validator';
export { IsUserId, MAX_USER_ID_LENGTH, isUserId } from './user-id';
export { errorTypeOf, plainHttpErrorType } from './error-type';
