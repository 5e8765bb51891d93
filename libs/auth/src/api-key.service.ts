import { Injectable, NotFoundException, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { hash as oneShotHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock, SystemClock } from '@app/clock';
import { ApiKeyEntity } from './api-key.entity';
import { ConsoleSessionEntity } from './session/console-session.entity';
import { Role } from './role';
import { ValidationFailedException } from '@app/validation';

export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
  role: Role;
  name: string;
  expiresAt: Date | null;
}

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  role: Role;
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

/** What lists show: everything but the hash. */
export type ApiKeySummary = Omit<ApiKeyEntity, 'keyHash'> & { status: ApiKeyStatus };

const KEY_MARKER = 'pk_';
/** "pk_" + 8 characters of the random part: enough to tell keys apart, useless to guess the rest. */
export const API_KEY_PREFIX_LENGTH = 11;
const CACHE_MAX_ENTRIES = 10_000;

/** SHA-256, hex. One-shot `crypto.hash`: a third of createHash's cost, paid on every authenticated request. */
export function hashApiKey(key: string): string {
  return oneShotHash('sha256', key, 'hex');
}

/**
 * API keys: random 32-byte secrets shown once, stored as SHA-256 (a fast hash is right for
 * high-entropy keys; slow password hashes would only cost latency). Look-ups are cached in memory
 * for API_KEY_CACHE_TTL_SECONDS, which is also how long a revoked key may keep working on another
 * replica (the replica that revokes forgets its cache at once).
 */
@Injectable()
export class ApiKeyService {
  private readonly cache = new Map<string, { principal: ApiKeyPrincipal | null; until: number }>();
  private readonly clock: Clock;

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly config: AppConfig,
    // Optional: the CLI container has no ClockModule.
    @Optional() clock?: Clock,
  ) {
    this.clock = clock ?? new SystemClock();
  }

  async create(input: {
    name: string;
    role: Role;
    expiresAt?: Date | null;
    key?: string;
  }): Promise<CreatedApiKey> {
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt && expiresAt.getTime() <= this.clock.now().getTime()) {
      throw ValidationFailedException.of('expiresAt', 'invalid', 'expiresAt must be in the future');
    }
    const key = input.key ?? KEY_MARKER + randomBytes(32).toString('base64url');
    const entity = await this.keys.save(
      this.keys.create({
        name: input.name,
        role: input.role,
        prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
        keyHash: hashApiKey(key),
        expiresAt,
      }),
    );
    return {
      id: entity.id,
      key,
      prefix: entity.prefix,
      role: entity.role,
      name: entity.name,
      expiresAt: entity.expiresAt,
    };
  }

  /**
   * Seeds a key from the environment; running it again with the same key changes nothing (a seeded
   * key that was revoked stays revoked: rotate BOOTSTRAP_ADMIN_KEY to get a new one).
   */
  async ensure(key: string, name: string, role: Role): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .insert()
      .values({ name, role, prefix: key.slice(0, API_KEY_PREFIX_LENGTH), keyHash: hashApiKey(key) })
      .orIgnore()
      .execute();
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.keys.find({ order: { createdAt: 'DESC' } });
    const now = this.clock.now().getTime();
    return rows.map(({ keyHash: _hash, ...summary }) => ({
      ...summary,
      status: summary.revokedAt
        ? 'revoked'
        : summary.expiresAt && summary.expiresAt.getTime() <= now
          ? 'expired'
          : 'active',
    }));
  }

  /**
   * Revokes a key and ends its console sessions; revoking it again is a no-op. 404 when no key has
   * this id. (Session look-ups also join the key's state, so no replica honours them a moment longer.)
   */
  async revoke(id: string): Promise<void> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    if (!result.affected) {
      const exists = await this.keys.existsBy({ id });
      if (!exists) throw new NotFoundException(`API key ${id} not found`);
    }
    await this.keys.manager.delete(ConsoleSessionEntity, { apiKeyId: id });
    this.cache.clear();
  }

  /** Resolves a presented key to its principal, or null when unknown, revoked or expired. */
  async verify(presented: string): Promise<ApiKeyPrincipal | null> {
    // Look-ups go by SHA-256 of the key: what an attacker controls never meets a stored secret in a
    // byte-by-byte comparison, and the final check below is constant-time.
    const hash = hashApiKey(presented);
    const now = this.clock.now().getTime();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;

    const row = await this.keys.findOne({ where: { keyHash: hash } });
    const valid =
      row !== null &&
      timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(hash, 'hex')) &&
      row.revokedAt === null &&
      (row.expiresAt === null || row.expiresAt.getTime() > now);
    const principal = valid ? { id: row.id, name: row.name, role: row.role } : null;
    const ttlMs = this.config.auth.keyCacheTtlSeconds * 1000;
    if (ttlMs > 0) {
      if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear(); // bound memory against key-guessing floods
      const until = valid && row.expiresAt ? Math.min(now + ttlMs, row.expiresAt.getTime()) : now + ttlMs;
      this.cache.set(hash, { principal, until });
    }
    return principal;
  }
}
