import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, isOwnerAlive, ownRecord } from './data-dir-lock';

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulse-lock-'));
  });

  it('lets exactly one record in, publishes atomically and releases only its own', () => {
    const lock = new DataDirLock(dir);
    const me = ownRecord('server', 'server on port 1');
    expect(lock.tryCreate(me)).toBe(true);
    expect(lock.tryCreate(ownRecord('cli', 'pulse x'))).toBe(false);
    lock.publish({ ...me, state: 'ready', postgresUrl: 'postgresql://127.0.0.1:1/postgres' });
    expect(lock.read()).toMatchObject({ pid: process.pid, state: 'ready', role: 'server' });
    expect(readdirSync(dir)).toEqual(['pulse.lock']); // no temporary file left behind

    writeFileSync(lock.path, JSON.stringify({ ...me, pid: me.pid + 1 }));
    lock.release(); // not ours any more: kept
    expect(lock.exists()).toBe(true);
  });

  it('knows a live owner from a dead one and from a reused pid', () => {
    const me = ownRecord('server', 'server');
    expect(isOwnerAlive(me)).toBe(true);
    expect(isOwnerAlive({ ...me, pid: 2 ** 22 + 12345 })).toBe(false); // above Linux's pid_max
    // Same pid, another start time: the pid was reused after the owner died (kill -9).
    if (me.processStart !== null) expect(isOwnerAlive({ ...me, processStart: '1' })).toBe(false);
    expect(isOwnerAlive({ ...me, host: 'another-host', pid: 2 ** 22 + 1 })).toBe(true);
  });

  it('removes a stale lock, but puts back a live owner that replaced it meanwhile', () => {
    const lock = new DataDirLock(dir);
    const dead = { ...ownRecord('server', 'gone'), pid: 2 ** 22 + 7 };
    writeFileSync(lock.path, JSON.stringify(dead));
    lock.removeStale(dead);
    expect(lock.exists()).toBe(false);

    const live = ownRecord('server', 'new owner');
    expect(lock.tryCreate(live)).toBe(true);
    lock.removeStale(dead); // a process that read the old record late must not remove the new one
    expect(lock.read()).toMatchObject({ label: 'new owner' });
    expect(readdirSync(dir)).toEqual(['pulse.lock']);
  });
});
