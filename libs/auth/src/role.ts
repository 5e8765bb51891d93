export const ROLES = ['admin', 'ingest', 'alertmanager'] as const;
export type Role = (typeof ROLES)[number];
