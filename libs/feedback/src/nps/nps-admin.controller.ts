import { Controller, Get, Query } from '@nestjs/common';
import {
  NpsReportDto,
  NpsReportQueryDto,
  NpsResponsesDto,
  NpsResponsesQueryDto,
} from './dto/nps-report.query.dto';
import { NpsReportService } from './nps-report.service';

/** Admin key only (no role decorator). */
@Controller('admin/reports')
export class NpsAdminController {
  constructor(private readonly reports: NpsReportService) {}

  /** Declared before any `nps/:x` route could shadow it: the 0–10 distribution and the latest reasons. */
  @Get('nps/responses')
  responses(@Query() query: NpsResponsesQueryDto): Promise<NpsResponsesDto> {
    return this.reports.responses(query);
  }

  @Get('nps')
  report(@Query() query: NpsReportQueryDto): Promise<NpsReportDto> {
    return this.reports.report(query);
  }
}
