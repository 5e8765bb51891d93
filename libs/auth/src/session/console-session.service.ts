import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ApiKeyPrincipal, ApiKeyService, hashApiKey } from '../api-key.service';
import { ConsoleSessionEntity } from './console-session.entity';

export interface ConsoleSession {
  principal: ApiKeyPrincipal;
  csrfToken: string;
}

export interface StartedSession extends ConsoleSession {
  /** The cookie value: shown to the browser once, stored only as a hash. */
  token: string;
  maxAgeSeconds: number;
}

/** Roles that may sign in to the console. */
const CONSOLE_ROLES = new Set(['admin', 'viewer']);
/** last_seen_at is written at most this often: one UPDATE per minute per session, not per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Console sessions in PostgreSQL: every replica sees a sign-out or a revocation at once (the key's
 * state is joined on every look-up, never cached), and Redis stays a rebuildable cache.
 */
@Injectable()
export class ConsoleSessionService {
  constructor(
    @InjectRepository(ConsoleSessionEntity) private readonly sessions: Repository<ConsoleSessionEntity>,
    private readonly apiKeys: ApiKeyService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Exchanges an API key of role admin or viewer for a session; null for any other key. */
  async signIn(key: string): Promise<StartedSession | null> {
    const principal = await this.apiKeys.verify(key);
    if (!principal || !CONSOLE_ROLES.has(principal.role)) return null;
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    const maxAgeSeconds = this.config.console.sessionMaxHours * 3600;
    await this.sessions.insert({
      tokenHash: hashApiKey(token),
      apiKeyId: principal.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000),
    });
    // Expired rows of anyone are cleared on sign-in: the table stays small without a job.
    await this.sessions.delete({ expiresAt: LessThan(now) });
    return { token, csrfToken, principal, maxAgeSeconds };
  }

  /** The live session of a cookie value: not expired (idle or absolute), key neither revoked nor expired. */
  async resolve(token: string): Promise<ConsoleSession | null> {
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - this.config.console.sessionIdleMinutes * 60_000);
    const row = await this.sessions
      .createQueryBuilder('s')
      .innerJoin('api_keys', 'k', 'k.id = s.api_key_id')
      .select(['s.token_hash AS token_hash', 's.csrf_token AS csrf_token', 's.last_seen_at AS last_seen_at'])
      .addSelect(['k.id AS key_id', 'k.name AS key_name', 'k.role AS key_role'])
      .where('s.token_hash = :hash', { hash: hashApiKey(token) })
      .andWhere('s.expires_at > :now AND s.last_seen_at > :idleSince', { now, idleSince })
      .andWhere('k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > :now)', { now })
      .getRawOne<{
        token_hash: string;
        csrf_token: string;
        last_seen_at: Date;
        key_id: string;
        key_name: string;
        key_role: ApiKeyPrincipal['role'];
      }>();
    if (!row || !CONSOLE_ROLES.has(row.key_role)) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await this.sessions.update({ tokenHash: row.token_hash }, { lastSeenAt: now });
    }
    return {
      principal: { id: row.key_id, name: row.key_name, role: row.key_role },
      csrfToken: row.csrf_token,
    };
  }

  async signOut(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: hashApiKey(token) });
  }

  /** Constant-time comparison of the page's X-CSRF-Token with the session's. */
  static csrfMatches(session: ConsoleSession, presented: string | undefined): boolean {
    if (!presented) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
