import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AppConfig } from '@app/config';
import { ApiKeyEntity } from './api-key.entity';
import { Role } from './role';

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

export type ApiKeySummary = Omit<ApiKeyEntity, 'keyHash'>;

const KEY_MARKER = 'pk_';
const PREFIX_LENGTH = 11; // "pk_" + 8 characters of the random part

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * API keys: random 32-byte secrets shown once, stored as SHA-256 (a fast hash is right for
 * high-entropy keys; slow password hashes would only cost latency). Look-ups are cached in memory
 * for API_KEY_CACHE_TTL_SECONDS, which is also how long a revoked key may keep working.
 */
@Injectable()
export class ApiKeyService {
  private readonly cache = new Map<string, { principal: ApiKeyPrincipal | null; until: number }>();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly config: AppConfig,
  ) {}

  async create(input: {
    name: string;
    role: Role;
    expiresAt?: Date | null;
    key?: string;
  }): Promise<CreatedApiKey> {
    const key = input.key ?? KEY_MARKER + randomBytes(32).toString('base64url');
    const entity = await this.keys.save(
      this.keys.create({
        name: input.name,
        role: input.role,
        prefix: key.slice(0, PREFIX_LENGTH),
        keyHash: hashApiKey(key),
        expiresAt: input.expiresAt ?? null,
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

  /** Seeds a key from the environment; running it again with the same key changes nothing. */
  async ensure(key: string, name: string, role: Role): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .insert()
      .values({ name, role, prefix: key.slice(0, PREFIX_LENGTH), keyHash: hashApiKey(key) })
      .orIgnore()
      .execute();
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.keys.find({ order: { createdAt: 'DESC' } });
    return rows.map(({ keyHash: _hash, ...summary }) => summary);
  }

  async revoke(id: string): Promise<void> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) {
      const exists = await this.keys.existsBy({ id });
      if (!exists) throw new NotFoundException(`API key ${id} not found`);
    }
    this.cache.clear();
  }

  /** Resolves a presented key to its principal, or null when unknown, revoked or expired. */
  async verify(presented: string): Promise<ApiKeyPrincipal | null> {
    const hash = hashApiKey(presented);
    const now = Date.now();
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
      if (this.cache.size > 10_000) this.cache.clear(); // bound memory against key-guessing floods
      const until = row?.expiresAt ? Math.min(now + ttlMs, row.expiresAt.getTime()) : now + ttlMs;
      this.cache.set(hash, { principal, until });
    }
    return principal;
  }
}
