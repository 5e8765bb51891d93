import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ReportSummary, StoredReport } from '../build/report.types';
import { ListReportsQueryDto, ReportDateParamDto } from './report-query.dto';
import { ReportsService } from './reports.service';

const MARKDOWN = 'text/markdown; charset=utf-8';
const CSV = 'text/csv; charset=utf-8';

/**
 * Stored daily and weekly reports (admin key). The `.md` and `.csv` routes are declared before the
 * plain `:date` ones: path-to-regexp 8 ends a parameter name at the dot, and the first match wins.
 * The content type is set only once the report is found, so errors stay JSON.
 */
@Controller('admin/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('daily')
  listDaily(@Query() query: ListReportsQueryDto): Promise<{ items: ReportSummary[] }> {
    return this.reports.list('daily', query);
  }

  @Get('daily/:date.md')
  async dailyMarkdown(@Param() { date }: ReportDateParamDto, @Res({ passthrough: true }) res: Response) {
    const text = await this.reports.markdown('daily', date);
    res.type(MARKDOWN);
    return text;
  }

  @Get('daily/:date.csv')
  async dailyCsv(@Param() { date }: ReportDateParamDto, @Res({ passthrough: true }) res: Response) {
    const text = await this.reports.csv('daily', date);
    res.type(CSV).attachment(`daily-report-${date}.csv`);
    return text;
  }

  @Get('daily/:date')
  daily(@Param() { date }: ReportDateParamDto): Promise<StoredReport> {
    return this.reports.get('daily', date);
  }

  @Get('weekly')
  listWeekly(@Query() query: ListReportsQueryDto): Promise<{ items: ReportSummary[] }> {
    return this.reports.list('weekly', query);
  }

  @Get('weekly/:date.md')
  async weeklyMarkdown(@Param() { date }: ReportDateParamDto, @Res({ passthrough: true }) res: Response) {
    const text = await this.reports.markdown('weekly', date);
    res.type(MARKDOWN);
    return text;
  }

  @Get('weekly/:date.csv')
  async weeklyCsv(@Param() { date }: ReportDateParamDto, @Res({ passthrough: true }) res: Response) {
    const text = await this.reports.csv('weekly', date);
    res.type(CSV).attachment(`weekly-report-${date}.csv`);
    return text;
  }

  @Get('weekly/:date')
  weekly(@Param() { date }: ReportDateParamDto): Promise<StoredReport> {
    return this.reports.get('weekly', date);
  }
}
