import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export type OwnerRole = 'server' | 'cli';

/** What the owner of a DATA_DIR writes in its lock file (JSON), for the processes that come later. */
export interface OwnerRecord {
  pid: number;
  /** Start time of the owner process (Linux /proc), so a pid reused after kill -9 is not taken for it. */
  processStart: string | null;
  host: string;
  role: OwnerRole;
  /** What the owner is: `server on port 3000`, `pulse seed-demo`. */
  label: string;
  state: 'starting' | 'ready';
  postgresUrl?: string;
  redisUrl?: string;
  /** The owner's PUBLIC_BASE_URL, so links a CLI run writes point where the server answers. */
  publicBaseUrl?: string;
}

export const LOCK_FILE = 'pulse.lock';

/**
 * The lock file of one DATA_DIR. Created with O_EXCL: exactly one process owns the directory; a lock
 * whose process is gone (kill -9, power loss) is recognised as stale and taken over.
 */
export class DataDirLock {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, LOCK_FILE);
  }

  /** Creates the lock for this process; false when another record is there (read it and decide). */
  tryCreate(record: OwnerRecord): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      writeFileSync(fd, JSON.stringify(record));
    } finally {
      closeSync(fd);
    }
    return true;
  }

  /** The current record; null when there is none, or it is being written (try again shortly). */
  read(): OwnerRecord | null {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as OwnerRecord;
    } catch {
      return null;
    }
  }

  exists(): boolean {
    try {
      readFileSync(this.path);
      return true;
    } catch {
      return false;
    }
  }

  /** Replaces our own record atomically (readers never see half a file). */
  publish(record: OwnerRecord): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  /**
   * Removes a stale lock, unless someone replaced it meanwhile: the file is moved aside, checked, and
   * linked back when it turns out to be a live owner's.
   */
  removeStale(stale: OwnerRecord): void {
    const aside = `${this.path}.stale.${process.pid}`;
    try {
      renameSync(this.path, aside);
    } catch {
      return; // already gone: another process took it over first
    }
    let moved: OwnerRecord | null = null;
    try {
      moved = JSON.parse(readFileSync(aside, 'utf8')) as OwnerRecord;
    } catch {
      // unreadable: a crash mid-write, stale as well
    }
    if (moved && (moved.pid !== stale.pid || moved.processStart !== stale.processStart)) {
      try {
        linkSync(aside, this.path); // a new owner's lock: put it back (fails if yet another appeared)
      } catch {
        // someone else holds the directory now; either way this process does not
      }
    }
    unlinkSync(aside);
  }

  /** Deletes the lock if it is still this process's. */
  release(): void {
    const record = this.read();
    if (record && record.pid === process.pid && record.host === hostname()) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
    }
  }
}

export function ownRecord(role: OwnerRole, label: string): OwnerRecord {
  return {
    pid: process.pid,
    processStart: processStartTime(process.pid),
    host: hostname(),
    role,
    label,
    state: 'starting',
  };
}

/** True while the process that wrote the record is running (on another host: assumed running). */
export function isOwnerAlive(record: OwnerRecord): boolean {
  if (record.host !== hostname()) return true;
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartTime(record.pid);
  return record.processStart === null || start === null || start === record.processStart;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null off Linux. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
