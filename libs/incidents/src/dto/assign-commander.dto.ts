import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AssignCommanderDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  commander: string;
}
