import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReportBody, ReportKind, ReportSummary, StoredReport } from './report.types';

interface Row {
  kind: ReportKind;
  period_start: string;
  period_end: string;
  time_zone: string;
  built_at: Date;
  body?: ReportBody;
}

const COLUMNS = `"kind", to_char("period_start", 'YYYY-MM-DD') AS "period_start",
  to_char("period_end", 'YYYY-MM-DD') AS "period_end", "time_zone", "built_at"`;

function summary(row: Row): ReportSummary {
  return {
    kind: row.kind,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    timeZone: row.time_zone,
    builtAt: new Date(row.built_at).toISOString(),
  };
}

/** `reports`: one row per (kind, period start), replaced on rebuild. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async upsert(manager: EntityManager, report: StoredReport): Promise<void> {
    await manager.query(
      `INSERT INTO "reports" ("kind", "period_start", "period_end", "time_zone", "body", "built_at")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("kind", "period_start") DO UPDATE SET
         "period_end" = EXCLUDED."period_end", "time_zone" = EXCLUDED."time_zone",
         "body" = EXCLUDED."body", "built_at" = EXCLUDED."built_at"`,
      [
        report.kind,
        report.periodStart,
        report.periodEnd,
        report.timeZone,
        JSON.stringify(report.body),
        report.builtAt,
      ],
    );
  }

  async find(kind: ReportKind, periodStart: string): Promise<StoredReport | null> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, "body" FROM "reports" WHERE "kind" = $1 AND "period_start" = $2`,
      [kind, periodStart],
    );
    return row ? { ...summary(row), body: row.body! } : null;
  }

  /** Reports whose period starts in [fromDay, toDay], oldest first. */
  async list(kind: ReportKind, fromDay: string, toDay: string): Promise<ReportSummary[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "reports"
        WHERE "kind" = $1 AND "period_start" BETWEEN $2 AND $3 ORDER BY "period_start"`,
      [kind, fromDay, toDay],
    );
    return rows.map(summary);
  }

  async count(kind: ReportKind, periodStart: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS "n" FROM "reports" WHERE "kind" = $1 AND "period_start" = $2`,
      [kind, periodStart],
    );
    return row.n;
  }
}
