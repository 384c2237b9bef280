import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderLockedError, LOCK_FILE, lockDataFolder, readLockHolder, setLockUrl } from './pglite-lock.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hallway-lock-'));
  folders.push(dir);
  return join(dir, 'pglite');
};
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid ?? 1;

describe('the PGlite data folder lock', () => {
  it('refuses a second holder until the first releases, naming the holder and what to do', () => {
    const dataDir = folder();
    const lock = lockDataFolder(dataDir);
    setLockUrl(dataDir, 'http://127.0.0.1:8787');
    expect(readLockHolder(dataDir)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:8787' });

    let refused: unknown;
    try {
      lockDataFolder(dataDir);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataFolderLockedError);
    expect((refused as Error).message).toMatch(/in use by the Hallway server at http:\/\/127\.0\.0\.1:8787/);
    expect((refused as Error).message).toMatch(/stop that process first/);

    lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(readLockHolder(dataDir)).toBeUndefined();
    lockDataFolder(dataDir).release();
  });

  it('takes over a lock left by a process that is gone, or one that is unreadable', () => {
    const dataDir = folder();
    lockDataFolder(dataDir).release();
    const file = join(dataDir, LOCK_FILE);
    writeFileSync(file, JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: '' }));
    expect(readLockHolder(dataDir)).toBeUndefined();
    const lock = lockDataFolder(dataDir);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();

    writeFileSync(file, 'not json');
    lockDataFolder(dataDir).release();
  });

  it('never removes a lock another process took over', () => {
    const dataDir = folder();
    const lock = lockDataFolder(dataDir);
    const file = join(dataDir, LOCK_FILE);
    const other = JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: '' });
    writeFileSync(file, other);
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe(other);
  });
});
