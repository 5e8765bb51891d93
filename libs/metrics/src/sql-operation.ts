export const DB_OPERATIONS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'other'] as const;
export type DbOperation = (typeof DB_OPERATIONS)[number];

/** The first keyword, after leading comments, whitespace and opening parentheses. */
const FIRST_KEYWORD = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*([A-Za-z]+)/;
const WRITE_KEYWORD = /\b(INSERT|UPDATE|DELETE)\b/i;

/**
 * The `operation` label of db_query_duration_seconds: SELECT, INSERT, UPDATE, DELETE, or `other`
 * (transactions, DDL, SET, SHOW…). A `WITH …` query is labelled by the first write it contains
 * (a data-modifying CTE is a write), SELECT otherwise.
 */
export function sqlOperation(sql: string): DbOperation {
  const keyword = FIRST_KEYWORD.exec(sql)?.[1]?.toUpperCase();
  switch (keyword) {
    case 'SELECT':
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
      return keyword;
    case 'WITH':
      return (WRITE_KEYWORD.exec(sql)?.[1]?.toUpperCase() as DbOperation | undefined) ?? 'SELECT';
    case undefined:
    default:
      return 'other';
  }
}
