const OFFSET64 = 14695981039346656037n;
const PRIME64 = 1099511628211n;
const MASK64 = (1n << 64n) - 1n;
const SEPARATOR = 0xff;

/**
 * The alert's fingerprint exactly as Prometheus/Alertmanager compute it (`model.LabelSet.Fingerprint`):
 * FNV-1a 64 over the label names sorted, each name and value followed by a 0xff byte, as 16 hex digits.
 */
export function fingerprintOf(labels: Record<string, string>): string {
  let hash = OFFSET64;
  const add = (byte: number) => {
    hash = ((hash ^ BigInt(byte)) * PRIME64) & MASK64;
  };
  // Go sorts label names by bytes; JS sort compares UTF-16 units, identical for the valid name charset.
  for (const name of Object.keys(labels).sort()) {
    for (const byte of Buffer.from(name, 'utf8')) add(byte);
    add(SEPARATOR);
    for (const byte of Buffer.from(labels[name], 'utf8')) add(byte);
    add(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}
