import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class NpsLinkQueryDto {
  @IsString()
  @Length(1, 2048)
  token!: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  score!: number;
}
