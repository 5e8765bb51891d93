import { IsUUID } from 'class-validator';

export class ApiKeyIdParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
