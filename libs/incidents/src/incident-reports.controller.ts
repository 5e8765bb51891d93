import { Controller, Get, Query } from '@nestjs/common';
import { IncidentReportQueryDto } from './dto/incident-report.query.dto';
import { IncidentReport, IncidentsReadService } from './incidents-read.service';

@Controller('admin/reports/incidents')
export class IncidentReportsController {
  constructor(private readonly read: IncidentsReadService) {}

  @Get()
  report(@Query() query: IncidentReportQueryDto): Promise<IncidentReport> {
    return this.read.report(
      query.from ? new Date(query.from) : undefined,
      query.to ? new Date(query.to) : undefined,
    );
  }
}
