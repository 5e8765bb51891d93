import { IsIn, IsOptional } from 'class-validator';
import { POSTMORTEM_LANGUAGES, PostmortemLanguage } from '../postmortem-headings';

export class PostmortemQueryDto {
  @IsOptional()
  @IsIn(POSTMORTEM_LANGUAGES)
  lang?: PostmortemLanguage;
}
