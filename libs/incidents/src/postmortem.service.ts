import { Injectable } from '@nestjs/common';
import { Clock } from '@app/clock';
import { AppConfig } from '@app/config';
import { IncidentsService } from './incidents.service';
import { PostmortemLanguage } from './postmortem-headings';
import { renderPostmortem } from './postmortem.renderer';

@Injectable()
export class PostmortemService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Markdown post-mortem; times in REPORT_TIMEZONE, headings in `lang` or POSTMORTEM_LANGUAGE. */
  async render(id: string, lang?: PostmortemLanguage): Promise<string> {
    const { timeline, checklist: _checklist, ...incident } = await this.incidents.get(id);
    return renderPostmortem({
      incident,
      timeline,
      language: lang ?? this.config.incidents.postmortemLanguage,
      timeZone: this.config.reports.timeZone,
      now: this.clock.now(),
    });
  }
}
