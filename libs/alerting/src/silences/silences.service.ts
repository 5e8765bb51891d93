import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/clock';
import { LabelMatcher, Labels, assertValidMatcher, matchesAll } from '../domain/label-matcher';
import { Recurrence, isSilenceActive } from '../domain/silence-window';
import { CreateSilenceDto } from './silence.dto';
import { ValidationFailedException } from '@app/validation';

export interface SilenceView {
  id: string;
  matchers: LabelMatcher[];
  startsAt: string;
  endsAt: string | null;
  recurrence: Recurrence | null;
  expireOnResolve: boolean;
  createdBy: string;
  comment: string;
  state: 'active' | 'pending' | 'expired';
  createdAt: string;
  updatedAt: string;
}

interface SilenceRow {
  id: string;
  matchers: LabelMatcher[];
  starts_at: Date;
  ends_at: Date | null;
  recurrence: Recurrence | null;
  expire_on_resolve: boolean;
  created_by: string;
  comment: string;
  created_at: Date;
  updated_at: Date;
}

/** Silences (`alert_silences`): CRUD, and which silence (if any) applies to a label set now. */
@Injectable()
export class SilencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateSilenceDto, author: string): Promise<SilenceView> {
    const values = this.validate(dto);
    const now = this.clock.now();
    const rows: SilenceRow[] = await this.dataSource.query(
      `INSERT INTO "alert_silences" ("matchers", "starts_at", "ends_at", "recurrence", "expire_on_resolve", "created_by", "comment", "created_at", "updated_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
      [...values, dto.expireOnResolve ?? false, dto.createdBy ?? author, dto.comment ?? '', now],
    );
    return this.view(rows[0], now);
  }

  async update(id: string, dto: CreateSilenceDto, author: string): Promise<SilenceView> {
    const values = this.validate(dto);
    const now = this.clock.now();
    const [rows]: [SilenceRow[], number] = await this.dataSource.query(
      `UPDATE "alert_silences" SET "matchers" = $2, "starts_at" = $3, "ends_at" = $4, "recurrence" = $5,
              "expire_on_resolve" = $6, "created_by" = $7, "comment" = $8, "updated_at" = $9
        WHERE "id" = $1 RETURNING *`,
      [id, ...values, dto.expireOnResolve ?? false, dto.createdBy ?? author, dto.comment ?? '', now],
    );
    if (!rows[0]) throw new NotFoundException(`silence ${id} not found`);
    return this.view(rows[0], now);
  }

  /** Like Alertmanager, deleting expires the silence (kept for the record). */
  async expire(id: string): Promise<SilenceView> {
    const now = this.clock.now();
    const [rows]: [SilenceRow[], number] = await this.dataSource.query(
      `UPDATE "alert_silences" SET "ends_at" = CASE WHEN "ends_at" IS NULL OR "ends_at" > $2 THEN $2 ELSE "ends_at" END,
              "starts_at" = LEAST("starts_at", $2), "updated_at" = $2
        WHERE "id" = $1 RETURNING *`,
      [id, now],
    );
    if (!rows[0]) throw new NotFoundException(`silence ${id} not found`);
    return this.view(rows[0], now);
  }

  async get(id: string): Promise<SilenceView> {
    const rows: SilenceRow[] = await this.dataSource.query(`SELECT * FROM "alert_silences" WHERE "id" = $1`, [
      id,
    ]);
    if (!rows[0]) throw new NotFoundException(`silence ${id} not found`);
    return this.view(rows[0], this.clock.now());
  }

  async list(state?: SilenceView['state']): Promise<SilenceView[]> {
    const now = this.clock.now();
    const rows: SilenceRow[] = await this.dataSource.query(
      `SELECT * FROM "alert_silences" ORDER BY "created_at" DESC, "id" LIMIT 1000`,
    );
    const views = rows.map((row) => this.view(row, now));
    return state ? views.filter((v) => v.state === state) : views;
  }

  /** The id of a silence muting these labels now, or null. */
  async silencing(manager: EntityManager, labels: Labels, now: Date): Promise<SilenceRow | null> {
    const rows: SilenceRow[] = await manager.query(
      `SELECT * FROM "alert_silences" WHERE "starts_at" <= $1 AND ("ends_at" IS NULL OR "ends_at" > $1)`,
      [now],
    );
    return rows.find((row) => matchesAll(row.matchers, labels) && isSilenceActive(timing(row), now)) ?? null;
  }

  /** Ends the `expireOnResolve` silences matching an alert that just resolved. */
  async expireOnResolve(manager: EntityManager, labels: Labels, now: Date): Promise<void> {
    const rows: SilenceRow[] = await manager.query(
      `SELECT * FROM "alert_silences" WHERE "expire_on_resolve" AND "starts_at" <= $1 AND ("ends_at" IS NULL OR "ends_at" > $1)`,
      [now],
    );
    const ids = rows.filter((row) => matchesAll(row.matchers, labels)).map((row) => row.id);
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE "alert_silences" SET "ends_at" = $2, "updated_at" = $2 WHERE "id" = ANY($1::uuid[])`,
      [ids, now],
    );
  }

  private validate(dto: CreateSilenceDto): [string, Date, Date | null, string | null] {
    for (const matcher of dto.matchers) {
      try {
        assertValidMatcher(matcher);
      } catch {
        throw ValidationFailedException.of(
          'matchers',
          'invalid',
          `matchers: "${matcher.value}" is not a valid regular expression`,
        );
      }
    }
    if (matchesAll(dto.matchers, {})) {
      // Alertmanager rejects silences whose matchers all match the empty string: they would mute everything.
      throw ValidationFailedException.of(
        'matchers',
        'invalid',
        'matchers: at least one matcher must not match the empty string',
      );
    }
    if (dto.recurrence && !DateTime.local().setZone(dto.recurrence.timeZone).isValid) {
      throw ValidationFailedException.of(
        'recurrence.timeZone',
        'invalid',
        'recurrence.timeZone must be an IANA time zone such as Europe/Paris',
      );
    }
    if (!dto.endsAt && !dto.recurrence)
      throw ValidationFailedException.of('endsAt', 'invalid', 'endsAt is required unless recurrence is set');
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : this.clock.now();
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
    if (endsAt && endsAt <= startsAt)
      throw ValidationFailedException.of('endsAt', 'invalid', 'endsAt must be after startsAt');
    return [
      JSON.stringify(dto.matchers),
      startsAt,
      endsAt,
      dto.recurrence ? JSON.stringify(dto.recurrence) : null,
    ];
  }

  private view(row: SilenceRow, now: Date): SilenceView {
    const state = row.ends_at && row.ends_at <= now ? 'expired' : row.starts_at > now ? 'pending' : 'active';
    return {
      id: row.id,
      matchers: row.matchers,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at?.toISOString() ?? null,
      recurrence: row.recurrence,
      expireOnResolve: row.expire_on_resolve,
      createdBy: row.created_by,
      comment: row.comment,
      state,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}

function timing(row: SilenceRow) {
  return { startsAt: row.starts_at, endsAt: row.ends_at, recurrence: row.recurrence };
}
