import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class NpsLinkQueryDto {
  @IsString()
  @Length(1, 2048)
  token!: string;

  // `score=` must not become Number('') = 0: a truncated link would record a detractor.
  @Transform(({ value }: { value: unknown }) => (value === '' ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(10)
  score!: number;
}
