import { Controller, Get, Query } from '@nestjs/common';
import { NpsReportDto, NpsReportQueryDto } from './dto/nps-report.query.dto';
import { NpsReportService } from './nps-report.service';

/** Admin key only (no role decorator). */
@Controller('admin/reports')
export class NpsAdminController {
  constructor(private readonly reports: NpsReportService) {}

  @Get('nps')
  report(@Query() query: NpsReportQueryDto): Promise<NpsReportDto> {
    return this.reports.report(query);
  }
}
