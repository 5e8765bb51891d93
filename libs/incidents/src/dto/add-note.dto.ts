import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AddNoteDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  message: string;
}
