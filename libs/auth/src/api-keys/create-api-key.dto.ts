import { IsIn, IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ROLES, Role } from '../role';
import { Optional } from '@app/validation';

export class CreateApiKeyDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;

  @Optional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string;
}
