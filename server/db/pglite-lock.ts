/**
 * One process per PGlite data folder. PGlite is PostgreSQL in one process with no postmaster to refuse a second
 * one: two processes on one folder each keep their own buffers and WAL position, so what one writes the other never
 * sees, and the folder can be corrupted. The lock is a file inside the folder, created atomically (`wx`), holding
 * the owner's pid and, once it listens, the server's URL (so `npm run token` can go through the server instead).
 * A lock whose process is gone (kill -9, a crash) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'hallway.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Where the holding server listens, once it does; absent for the token command and while starting. */
  url?: string;
}

export class DataFolderLockedError extends Error {
  readonly dataDir: string;
  readonly holder: LockHolder;
  constructor(dataDir: string, holder: LockHolder) {
    const who = holder.url ? `the Hallway server at ${holder.url}` : 'another Hallway process';
    super(
      `The data folder ${dataDir} is in use by ${who} (pid ${holder.pid}${
        holder.hostname === hostname() ? '' : ` on ${holder.hostname}`
      }). PGlite allows one process per data folder: stop that process first. If none is running, delete ${join(
        dataDir,
        LOCK_FILE,
      )}.`,
    );
    this.name = 'DataFolderLockedError';
    this.dataDir = dataDir;
    this.holder = holder;
  }
}

export interface FolderLock {
  /** Records where the server listens, for a second process to point the user (or itself) there. */
  setUrl(url: string): void;
  release(): void;
}

const lockPath = (dataDir: string) => join(resolve(dataDir), LOCK_FILE);
/** The locks this process holds, by lock file. */
const held = new Map<string, FolderLock>();

/** Records where this process's server listens in the lock it holds on `dataDir` (no-op without one). */
export function setLockUrl(dataDir: string, url: string): void {
  held.get(lockPath(dataDir))?.setUrl(url);
}

function isAlive(holder: LockHolder): boolean {
  // Another machine's process (a shared volume) cannot be checked from here: treat it as running.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process holding the folder, or undefined when it is free (no lock file, or a stale or unreadable one). */
export function readLockHolder(dataDir: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const holder = parseHolder(text);
  return holder && isAlive(holder) ? holder : undefined;
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return undefined;
    return {
      pid: value.pid,
      hostname: value.hostname,
      startedAt: String(value.startedAt ?? ''),
      ...(typeof value.url === 'string' ? { url: value.url } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Takes the folder (which must exist) for this process, or throws DataFolderLockedError naming the holder. The lock
 * goes when `release()` is called or the process exits; a killed process leaves a stale file the next one replaces.
 */
export function lockDataFolder(dataDir: string): FolderLock {
  const path = lockPath(dataDir);
  mkdirSync(resolve(dataDir), { recursive: true });
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        // Released between our attempt and this read: try again.
      }
      const current = parseHolder(text);
      if (current && isAlive(current)) throw new DataFolderLockedError(dataDir, current);
      // An empty file may be a process that is writing it right now: give it a moment before taking it over.
      if (!current && text === '' && attempt < 3) {
        sleepSync(50);
        continue;
      }
      if (attempt >= 6) throw new Error(`Could not take the lock ${path}: it keeps changing hands.`);
      // Stale: move it aside atomically (only one contender wins the rename), then try again.
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        rmSync(`${path}.stale-${process.pid}`, { force: true });
      } catch {
        // Another process took it over first; the next attempt sees its lock.
      }
    }
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(path);
    process.off('exit', release);
    // Only our own lock: never remove one another process took over.
    if (parseHolder(readFileOr(path))?.pid === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', release);
  const lock: FolderLock = {
    setUrl(url) {
      if (released) return;
      const next = `${path}.${process.pid}`;
      writeFileSync(next, JSON.stringify({ ...holder, url }), { mode: 0o600 });
      renameSync(next, path);
    },
    release,
  };
  held.set(path, lock);
  return lock;
}

function readFileOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
