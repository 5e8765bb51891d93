import { IsUUID } from 'class-validator';

export class AlertIdParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
