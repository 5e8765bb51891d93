import { ReportRangeQueryDto } from '../../common/report-range.query.dto';

export class FeedbackReportQueryDto extends ReportRangeQueryDto {}
