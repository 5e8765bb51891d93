import { Matches } from 'class-validator';
import { Optional } from '@app/validation';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ListReportsQueryDto {
  @Optional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @Optional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class ReportDateParamDto {
  @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;
}
