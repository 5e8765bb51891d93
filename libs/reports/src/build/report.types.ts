/** Report documents: plain JSON, stored as `reports.body` and returned by the admin API as they are. */
export const REPORT_KINDS = ['daily', 'weekly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type FigureUnit = 'count' | 'ratio' | 'seconds' | 'score';

/** Change of a figure against one base period; all null when there is no base value. */
export interface FigureChange {
  base: number | null;
  /** value − base */
  absolute: number | null;
  /** (value − base) / |base|; null when the base is 0 or missing. */
  relative: number | null;
}

export interface ReportFigure {
  key: string;
  group: string;
  label: string;
  unit: FigureUnit;
  value: number | null;
  /** By comparison name: previousDay and sameDayLastWeek (daily) or previousWeek (weekly). */
  changes: Record<string, FigureChange>;
}

export interface ReportComparison {
  name: string;
  label: string;
  start: string;
  end: string;
}

export interface ReportBody {
  kind: ReportKind;
  timeZone: string;
  /** First and last local day of the period (inclusive), and its instants [from, to). */
  period: { start: string; end: string; from: string; to: string };
  comparisons: ReportComparison[];
  funnelSteps: string[];
  figures: ReportFigure[];
}

export interface StoredReport {
  kind: ReportKind;
  periodStart: string;
  periodEnd: string;
  timeZone: string;
  builtAt: string;
  body: ReportBody;
}

export interface ReportSummary {
  kind: ReportKind;
  periodStart: string;
  periodEnd: string;
  timeZone: string;
  builtAt: string;
}
