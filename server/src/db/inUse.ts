import fs from 'node:fs';
import os from 'node:os';

/**
 * Who serves a SQLite file: the server writes `<DB_FILE>.server.pid` while it runs and removes it when it
 * stops, so that `npm run restore` can refuse to swap the file under a running server (which would go on
 * writing to the old file it holds open). A file left by a server that was killed is recognised as
 * stale: no process with that id runs on this machine.
 */
export interface DatabaseUser {
  pid: number;
  hostname: string;
  started_at: string;
}

export function pidFileOf(dbFile: string): string {
  return `${dbFile}.server.pid`;
}

/** Marks the file as served by this process; answers the function that takes the mark away again. */
export function claimDatabaseFile(dbFile: string): () => void {
  const file = pidFileOf(dbFile);
  const mine: DatabaseUser = { pid: process.pid, hostname: os.hostname(), started_at: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(mine)}\n`);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as DatabaseUser;
      if (current.pid === mine.pid && current.hostname === mine.hostname) fs.unlinkSync(file);
    } catch {
      /* gone already */
    }
  };
  process.once('exit', release);
  return release;
}

/** The server using the file, or undefined when none is (no mark, or the mark of a process that is gone). */
export function databaseFileUser(dbFile: string): DatabaseUser | undefined {
  let user: DatabaseUser;
  try {
    user = JSON.parse(fs.readFileSync(pidFileOf(dbFile), 'utf8')) as DatabaseUser;
  } catch {
    return undefined;
  }
  if (typeof user?.pid !== 'number') return undefined;
  // A mark from another machine cannot be checked from here: it counts as in use.
  if (user.hostname !== os.hostname()) return user;
  try {
    process.kill(user.pid, 0);
    return user;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? user : undefined;
  }
}
