import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class FollowUpActionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  owner: string;

  @IsBoolean()
  done: boolean;
}
