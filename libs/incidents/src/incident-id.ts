/** `INC-2026-007`: the year and a per-year sequence, zero-padded to 3 digits and growing past 999. */
export function formatIncidentId(year: number, sequence: number): string {
  return `INC-${year}-${String(sequence).padStart(3, '0')}`;
}

export const INCIDENT_ID_PATTERN = /^INC-\d{4}-\d{3,}$/;
