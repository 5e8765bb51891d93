import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed-in console session. The cookie holds a random token; only its SHA-256 is stored, so a
 * database dump cannot be replayed as a session.
 */
@Entity('console_sessions')
export class ConsoleSessionEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index('ix_console_sessions_api_key')
  @Column({ name: 'api_key_id', type: 'uuid' })
  apiKeyId: string;

  /** Sent back by the page with every write (X-CSRF-Token); not a secret on its own. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** Absolute end: created_at + CONSOLE_SESSION_MAX_HOURS, whatever the activity. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
