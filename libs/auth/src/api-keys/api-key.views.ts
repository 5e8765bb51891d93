import type { ApiKeySummary, ApiKeyStatus, CreatedApiKey } from '../api-key.service';
import type { Role } from '../role';

/** Response of creation: the only time the key is shown. */
export interface CreatedApiKeyView {
  id: string;
  key: string;
  prefix: string;
  role: Role;
  name: string;
  expiresAt: string | null;
}

/** A listed key: no secret, no hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  status: ApiKeyStatus;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function toCreatedApiKeyView(created: CreatedApiKey): CreatedApiKeyView {
  return {
    id: created.id,
    key: created.key,
    prefix: created.prefix,
    role: created.role,
    name: created.name,
    expiresAt: created.expiresAt?.toISOString() ?? null,
  };
}

export function toApiKeyView(summary: ApiKeySummary): ApiKeyView {
  return {
    id: summary.id,
    name: summary.name,
    role: summary.role,
    prefix: summary.prefix,
    status: summary.status,
    createdAt: summary.createdAt.toISOString(),
    expiresAt: summary.expiresAt?.toISOString() ?? null,
    revokedAt: summary.revokedAt?.toISOString() ?? null,
  };
}
