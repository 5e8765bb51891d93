import { IsIn } from 'class-validator';
import { POSTMORTEM_LANGUAGES, PostmortemLanguage } from '../postmortem-headings';
import { Optional } from '@app/validation';

export class PostmortemQueryDto {
  @Optional()
  @IsIn(POSTMORTEM_LANGUAGES)
  lang?: PostmortemLanguage;
}
